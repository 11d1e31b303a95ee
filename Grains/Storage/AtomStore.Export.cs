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
            foreach (var table in catalog.Tables.Values)
            {
                LogCodec.WriteSchema(w, table.Schema);
                w.WriteVarint((ulong)table.Atoms.Count);
                for (int i = 0; i < table.Atoms.Count; i++)
                {
                    w.WriteBytes(table.Atoms.LowAt(i));
                    w.WriteVarint((ulong)table.Atoms.AtomAt(i));
                }
            }
            w.WriteVarint((ulong)_atoms.Count);
            foreach (var atom in _atoms.Values) atom.Export(w);
            return w.ToArray();
        }
    }

    /// <summary>Replaces this engine's state with one exported by <see cref="ExportState"/> on a complete engine.</summary>
    public void ImportState(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        long applied = (long)r.ReadVarint();
        long idHighWater = (long)r.ReadVarint();
        long catalogVersion = (long)r.ReadVarint();
        int tables = (int)r.ReadVarint();
        var catalog = CatalogSnapshot.Empty;
        for (int t = 0; t < tables; t++)
        {
            var schema = LogCodec.ReadSchema(ref r);
            int count = (int)r.ReadVarint();
            var lows = new byte[count][];
            var ids = new long[count];
            for (int i = 0; i < count; i++)
            {
                lows[i] = r.ReadBytes();
                ids[i] = (long)r.ReadVarint();
            }
            catalog = catalog.WithTable(catalogVersion, new CatalogTable(schema, AtomMap.FromEntries(lows, ids)));
        }
        int atomCount = (int)r.ReadVarint();
        var atoms = new List<RecordAtom>(atomCount);
        for (int i = 0; i < atomCount; i++) atoms.Add(RecordAtom.Import(ref r));
        Restore(applied, catalog.WithVersion(catalogVersion), atoms, idHighWater);
    }
}
