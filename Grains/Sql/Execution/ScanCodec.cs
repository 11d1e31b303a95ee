using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// Binary forms of <see cref="AtomScanRequest"/> and <see cref="AtomScanResult"/> for the trip between
/// a statement's coordinator and an atom on another engine. Result rows use <see cref="RowCodec"/>.
/// </summary>
public static class ScanCodec
{
    public static byte[] EncodeRequest(AtomScanRequest request)
    {
        var w = new ByteWriter();
        w.WriteVarint((ulong)request.TableId);
        w.WriteBytes(request.Low);
        WriteOptionalBytes(w, request.High);
        if (request.Keys is null)
        {
            w.WriteVarint(0);
        }
        else
        {
            w.WriteVarint((ulong)request.Keys.Count + 1);
            foreach (var key in request.Keys) w.WriteBytes(key);
        }
        w.WriteVarint((ulong)request.ReadVersion);
        w.WriteVarint((ulong)request.WaitVersion);
        w.WriteBytes(request.Filter is null ? [] : ExprCodec.Encode([request.Filter]));
        if (request.Projection is null)
        {
            w.WriteByte(0);
        }
        else
        {
            w.WriteByte(1);
            w.WriteBytes(ExprCodec.Encode(request.Projection));
        }
        w.WriteVarint((ulong)request.Limit);
        w.WriteByte(request.IncludeKeys ? (byte)1 : (byte)0);
        w.WriteVarint(request.RowKinds is null ? 0 : (ulong)request.RowKinds.Length + 1);
        foreach (var kind in request.RowKinds ?? []) w.WriteByte((byte)kind);
        return w.ToArray();
    }

    public static AtomScanRequest DecodeRequest(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        long tableId = (long)r.ReadVarint();
        var low = r.ReadBytes();
        var high = ReadOptionalBytes(ref r);
        int keyCount = (int)r.ReadVarint();
        List<byte[]>? keys = null;
        if (keyCount > 0)
        {
            keys = new List<byte[]>(keyCount - 1);
            for (int i = 0; i < keyCount - 1; i++) keys.Add(r.ReadBytes());
        }
        long readVersion = (long)r.ReadVarint();
        long waitVersion = (long)r.ReadVarint();
        var filterBytes = r.ReadBytes();
        var filter = filterBytes.Length == 0 ? null : ExprCodec.Decode(filterBytes)[0];
        List<BoundExpr>? projection = r.ReadByte() == 0 ? null : ExprCodec.Decode(r.ReadBytes());
        int limit = (int)r.ReadVarint();
        bool includeKeys = r.ReadByte() != 0;
        int kindCount = (int)r.ReadVarint();
        ValueKind[]? rowKinds = null;
        if (kindCount > 0)
        {
            rowKinds = new ValueKind[kindCount - 1];
            for (int i = 0; i < rowKinds.Length; i++) rowKinds[i] = (ValueKind)r.ReadByte();
        }
        return new AtomScanRequest(tableId, low, high, keys, readVersion, waitVersion, filter, projection, limit, includeKeys) { RowKinds = rowKinds };
    }

    /// <summary>The value kinds of the rows a request returns: the projection's, or the table's.</summary>
    public static ValueKind[] ResultKinds(AtomScanRequest request, TableSchema table) =>
        request.Projection is null ? table.ColumnKinds : request.Projection.Select(p => p.Type.ValueKind).ToArray();

    public static byte[] EncodeResult(AtomScanResult result)
    {
        var w = new ByteWriter();
        w.WriteVarint((ulong)result.Rows.Count);
        foreach (var row in result.Rows) w.WriteBytes(RowCodec.Encode(row));
        w.WriteByte(result.Keys is null ? (byte)0 : (byte)1);
        if (result.Keys is not null)
        {
            foreach (var key in result.Keys) w.WriteBytes(key);
        }
        WriteOptionalBytes(w, result.ContinueAt);
        w.WriteVarint(result.ContinueAtom is long atom ? (ulong)atom + 1 : 0);
        w.WriteVarint((ulong)(result.UnresolvedKeys?.Count ?? 0));
        if (result.UnresolvedKeys is not null)
        {
            foreach (var key in result.UnresolvedKeys) w.WriteBytes(key);
        }
        w.WriteVarint((ulong)result.ObservedVersion);
        return w.ToArray();
    }

    public static AtomScanResult DecodeResult(ReadOnlySpan<byte> data, ValueKind[] kinds)
    {
        var r = new ByteReader(data);
        int count = (int)r.ReadVarint();
        var rows = new List<Value[]>(count);
        for (int i = 0; i < count; i++) rows.Add(RowCodec.Decode(r.ReadBytes(), kinds));
        List<byte[]>? keys = null;
        if (r.ReadByte() != 0)
        {
            keys = new List<byte[]>(count);
            for (int i = 0; i < count; i++) keys.Add(r.ReadBytes());
        }
        var continueAt = ReadOptionalBytes(ref r);
        ulong atom = r.ReadVarint();
        int unresolvedCount = (int)r.ReadVarint();
        List<byte[]>? unresolved = null;
        if (unresolvedCount > 0)
        {
            unresolved = new List<byte[]>(unresolvedCount);
            for (int i = 0; i < unresolvedCount; i++) unresolved.Add(r.ReadBytes());
        }
        long observed = (long)r.ReadVarint();
        return new AtomScanResult(rows, keys, continueAt, atom == 0 ? null : (long)(atom - 1), unresolved) { ObservedVersion = observed };
    }

    private static void WriteOptionalBytes(ByteWriter w, byte[]? bytes)
    {
        w.WriteByte(bytes is null ? (byte)0 : (byte)1);
        if (bytes is not null) w.WriteBytes(bytes);
    }

    private static byte[]? ReadOptionalBytes(ref ByteReader r) => r.ReadByte() == 0 ? null : r.ReadBytes();
}
