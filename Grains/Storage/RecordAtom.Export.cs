namespace OrleansDb.Storage;

public sealed partial class RecordAtom
{
    /// <summary>Writes the atom — range, sibling, version and every row version — for shipping to another engine.</summary>
    public void Export(ByteWriter w)
    {
        lock (_lock)
        {
            w.WriteVarint((ulong)Id);
            w.WriteVarint((ulong)TableId);
            w.WriteBytes(Low);
            w.WriteByte(High is null ? (byte)0 : (byte)1);
            if (High is not null) w.WriteBytes(High);
            w.WriteVarint(RightSibling is long right ? (ulong)right + 1 : 0);
            w.WriteVarint((ulong)Version);
            w.WriteVarint((ulong)_entries.Count);
            foreach (var entry in _entries)
            {
                w.WriteBytes(entry.Key);
                var versions = new List<RowVersion>();
                for (var v = entry.Head; v is not null; v = v.Older) versions.Add(v);
                w.WriteVarint((ulong)versions.Count);
                foreach (var v in versions)
                {
                    w.WriteVarint((ulong)v.Version);
                    w.WriteByte(v.Row is null ? (byte)0 : (byte)1);
                    if (v.Row is not null) w.WriteBytes(v.Row);
                }
            }
        }
    }

    public static RecordAtom Import(ref ByteReader r)
    {
        long id = (long)r.ReadVarint();
        long tableId = (long)r.ReadVarint();
        var low = r.ReadBytes();
        byte[]? high = r.ReadByte() == 0 ? null : r.ReadBytes();
        ulong right = r.ReadVarint();
        var atom = new RecordAtom(id, tableId, low, high)
        {
            RightSibling = right == 0 ? null : (long)(right - 1),
            Version = (long)r.ReadVarint(),
        };
        int count = (int)r.ReadVarint();
        for (int i = 0; i < count; i++)
        {
            var key = r.ReadBytes();
            int versions = (int)r.ReadVarint();
            var chain = new (long Version, byte[]? Row)[versions];
            for (int j = 0; j < versions; j++)
            {
                long version = (long)r.ReadVarint();
                chain[j] = (version, r.ReadByte() == 0 ? null : r.ReadBytes());
            }
            RowVersion? head = null;
            for (int j = versions - 1; j >= 0; j--)
            {
                head = new RowVersion(chain[j].Version, chain[j].Row, head);
                atom.ByteSize += (chain[j].Row?.Length ?? 0) + VersionOverhead;
            }
            atom._entries.Add(new Entry(key, head!));
            atom.ByteSize += key.Length + EntryOverhead;
        }
        return atom;
    }
}
