namespace OrleansDb.Storage;

/// <summary>
/// Encodes the catalog's entries one at a time — a table with its record catalog, an index with its
/// index catalog, a sequence with its recorded position — so that a whole-state copy and the archive's
/// atom store (which writes only the entries that changed) share one format.
/// </summary>
public static class CatalogCodec
{
    public static void WriteTable(ByteWriter w, CatalogTable table)
    {
        LogCodec.WriteSchema(w, table.Schema);
        WriteAtomMap(w, table.Atoms);
    }

    public static (TableSchema Schema, AtomMap Atoms) ReadTable(ref ByteReader r) => (LogCodec.ReadSchema(ref r), ReadAtomMap(ref r));

    public static void WriteIndex(ByteWriter w, CatalogIndex index)
    {
        LogCodec.WriteIndex(w, index.Schema);
        WriteAtomMap(w, index.Atoms);
    }

    public static (IndexSchema Schema, AtomMap Atoms) ReadIndex(ref ByteReader r) => (LogCodec.ReadIndex(ref r), ReadAtomMap(ref r));

    public static void WriteSequence(ByteWriter w, CatalogSequence sequence)
    {
        LogCodec.WriteSequence(w, sequence.Schema);
        w.WriteVarint(RowCodec.ZigZag(sequence.LastValue));
        w.WriteByte(sequence.IsCalled ? (byte)1 : (byte)0);
        w.WriteVarint((ulong)sequence.Generation);
    }

    public static CatalogSequence ReadSequence(ref ByteReader r)
    {
        var schema = LogCodec.ReadSequence(ref r);
        long lastValue = RowCodec.UnZigZag(r.ReadVarint());
        bool isCalled = r.ReadByte() != 0;
        return new CatalogSequence(schema, lastValue, isCalled, (long)r.ReadVarint());
    }

    private static void WriteAtomMap(ByteWriter w, AtomMap map)
    {
        w.WriteVarint((ulong)map.Count);
        for (int i = 0; i < map.Count; i++)
        {
            w.WriteBytes(map.LowAt(i));
            w.WriteVarint((ulong)map.AtomAt(i));
        }
    }

    private static AtomMap ReadAtomMap(ref ByteReader r)
    {
        int count = (int)r.ReadVarint();
        var lows = new byte[count][];
        var ids = new long[count];
        for (int i = 0; i < count; i++)
        {
            lows[i] = r.ReadBytes();
            ids[i] = (long)r.ReadVarint();
        }
        return AtomMap.FromEntries(lows, ids);
    }
}
