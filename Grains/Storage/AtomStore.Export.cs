namespace OrleansDb.Storage;

public sealed partial class AtomStore
{
    /// <summary>One held atom, encoded, or an empty array when this engine does not hold it.</summary>
    public byte[] ExportAtom(long atomId)
    {
        if (FindAtom(atomId) is not { } atom) return [];
        var w = new ByteWriter();
        atom.Export(w);
        return w.ToArray();
    }

    public static RecordAtom ImportAtom(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        return RecordAtom.Import(ref r);
    }

    /// <summary>
    /// The whole engine state — applied version, id high water, catalog and every held atom — taken
    /// under the apply lock, so it is exactly the state after one version.
    /// </summary>
    public byte[] ExportState()
    {
        lock (_applyLock)
        {
            var w = new ByteWriter();
            w.WriteVarint((ulong)AppliedVersion);
            w.WriteVarint((ulong)_idHighWater);
            var catalog = _catalog;
            w.WriteVarint((ulong)catalog.Version);
            w.WriteVarint((ulong)catalog.Tables.Count);
            foreach (var table in catalog.Tables.Values) CatalogCodec.WriteTable(w, table);
            w.WriteVarint((ulong)catalog.Indexes.Count);
            foreach (var index in catalog.Indexes.Values) CatalogCodec.WriteIndex(w, index);
            w.WriteVarint((ulong)catalog.Views.Count);
            foreach (var view in catalog.Views.Values) LogCodec.WriteView(w, view);
            w.WriteVarint((ulong)catalog.Schemas.Count);
            foreach (var schema in catalog.Schemas) w.WriteString(schema);
            w.WriteVarint((ulong)catalog.Sequences.Count);
            foreach (var sequence in catalog.Sequences.Values) CatalogCodec.WriteSequence(w, sequence);
            w.WriteVarint((ulong)_atoms.Count);
            foreach (var atom in _atoms.Values) atom.Export(w);
            return w.ToArray();
        }
    }

    /// <summary>The version a state exported by <see cref="ExportState"/> reflects.</summary>
    public static long VersionOfState(ReadOnlySpan<byte> state)
    {
        var r = new ByteReader(state);
        return (long)r.ReadVarint();
    }

    /// <summary>Replaces this engine's state with one exported by <see cref="ExportState"/> on a complete engine.</summary>
    public void ImportState(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        long applied = (long)r.ReadVarint();
        long idHighWater = (long)r.ReadVarint();
        long catalogVersion = (long)r.ReadVarint();
        int tableCount = (int)r.ReadVarint();
        var tables = new List<(TableSchema, AtomMap)>(tableCount);
        for (int t = 0; t < tableCount; t++) tables.Add(CatalogCodec.ReadTable(ref r));
        int indexCount = (int)r.ReadVarint();
        var indexes = new List<(IndexSchema, AtomMap)>(indexCount);
        for (int i = 0; i < indexCount; i++) indexes.Add(CatalogCodec.ReadIndex(ref r));
        int viewCount = (int)r.ReadVarint();
        var views = new List<ViewSchema>(viewCount);
        for (int i = 0; i < viewCount; i++) views.Add(LogCodec.ReadView(ref r));
        int schemaCount = (int)r.ReadVarint();
        var schemas = new List<string>(schemaCount);
        for (int i = 0; i < schemaCount; i++) schemas.Add(r.ReadString());
        int sequenceCount = (int)r.ReadVarint();
        var sequences = new List<CatalogSequence>(sequenceCount);
        for (int i = 0; i < sequenceCount; i++) sequences.Add(CatalogCodec.ReadSequence(ref r));
        var catalog = CatalogSnapshot.Restore(catalogVersion, tables, indexes, views, schemas, sequences);
        int atomCount = (int)r.ReadVarint();
        var atoms = new List<RecordAtom>(atomCount);
        for (int i = 0; i < atomCount; i++) atoms.Add(RecordAtom.Import(ref r));
        Restore(applied, catalog, atoms, idHighWater);
    }
}
