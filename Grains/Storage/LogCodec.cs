using System.Text;
using OrleansDb.Sql.Types;

namespace OrleansDb.Storage;

/// <summary>
/// Binary form of a transaction's ops, as the sequencer receives them and the log and journal carry
/// them: a varint op count, then per op a kind byte and its fields (varints, length-prefixed bytes and
/// UTF-8 strings). The format is append-only: new op kinds get new bytes.
/// </summary>
public static class LogCodec
{
    private enum Kind : byte { WriteRow = 1, CreateTable = 2, DropTable = 3, SplitAtom = 4, ReserveIds = 5, CreateIndex = 6, DropIndex = 7, CreateView = 8, DropView = 9, AlterTable = 10, CreateSchema = 11, DropSchema = 12, CreateSequence = 13, DropSequence = 14, SequenceAdvance = 15 }

    public static byte[] Encode(IReadOnlyList<LogOp> ops)
    {
        var w = new ByteWriter();
        w.WriteVarint((ulong)ops.Count);
        foreach (var op in ops)
        {
            switch (op)
            {
                case WriteRowOp write:
                    w.WriteByte((byte)Kind.WriteRow);
                    w.WriteVarint((ulong)write.TableId);
                    w.WriteBytes(write.Key);
                    w.WriteByte(write.Row is null ? (byte)0 : (byte)1);
                    if (write.Row is not null) w.WriteBytes(write.Row);
                    break;
                case CreateTableOp create:
                    w.WriteByte((byte)Kind.CreateTable);
                    WriteSchema(w, create.Schema);
                    w.WriteVarint((ulong)create.FirstAtomId);
                    break;
                case DropTableOp drop:
                    w.WriteByte((byte)Kind.DropTable);
                    w.WriteVarint((ulong)drop.TableId);
                    break;
                case SplitAtomOp split:
                    w.WriteByte((byte)Kind.SplitAtom);
                    w.WriteVarint((ulong)split.TableId);
                    w.WriteVarint((ulong)split.AtomId);
                    w.WriteBytes(split.SplitKey);
                    w.WriteVarint((ulong)split.NewAtomId);
                    break;
                case ReserveIdsOp reserve:
                    w.WriteByte((byte)Kind.ReserveIds);
                    w.WriteVarint((ulong)reserve.HighWater);
                    break;
                case CreateIndexOp create:
                    w.WriteByte((byte)Kind.CreateIndex);
                    WriteIndex(w, create.Schema);
                    w.WriteVarint((ulong)create.FirstAtomId);
                    break;
                case DropIndexOp drop:
                    w.WriteByte((byte)Kind.DropIndex);
                    w.WriteVarint((ulong)drop.IndexId);
                    break;
                case CreateViewOp create:
                    w.WriteByte((byte)Kind.CreateView);
                    WriteView(w, create.Schema);
                    break;
                case DropViewOp drop:
                    w.WriteByte((byte)Kind.DropView);
                    w.WriteVarint((ulong)drop.ViewId);
                    break;
                case AlterTableOp alter:
                    w.WriteByte((byte)Kind.AlterTable);
                    WriteSchema(w, alter.Schema);
                    w.WriteVarint((ulong)alter.Indexes.Count);
                    foreach (var index in alter.Indexes) WriteIndex(w, index);
                    break;
                case CreateSchemaOp create:
                    w.WriteByte((byte)Kind.CreateSchema);
                    w.WriteString(create.Name);
                    break;
                case DropSchemaOp drop:
                    w.WriteByte((byte)Kind.DropSchema);
                    w.WriteString(drop.Name);
                    break;
                case CreateSequenceOp create:
                    w.WriteByte((byte)Kind.CreateSequence);
                    WriteSequence(w, create.Schema);
                    break;
                case DropSequenceOp drop:
                    w.WriteByte((byte)Kind.DropSequence);
                    w.WriteVarint((ulong)drop.SequenceId);
                    break;
                case SequenceAdvanceOp advance:
                    w.WriteByte((byte)Kind.SequenceAdvance);
                    w.WriteVarint((ulong)advance.SequenceId);
                    w.WriteVarint(RowCodec.ZigZag(advance.LastValue));
                    w.WriteByte((byte)((advance.IsCalled ? 1 : 0) | (advance.IsReset ? 2 : 0)));
                    break;
                default:
                    throw new ArgumentException($"unknown log op {op.GetType().Name}");
            }
        }
        return w.ToArray();
    }

    /// <summary>
    /// The (key space, key) of every row a transaction's ops write: what the sequencer remembers for
    /// serializable range checks. Ops that are only row writes — nearly every commit — are read without
    /// decoding the rows (<see cref="RowWriteKeys"/>); the rest go through <see cref="Decode"/>.
    /// </summary>
    public static List<(long Space, byte[] Key)> WrittenKeys(ReadOnlySpan<byte> data) =>
        RowWriteKeys(data) ?? [.. Decode(data).OfType<WriteRowOp>().Select(w => (w.TableId, w.Key))];

    /// <summary>The keys of ops that are all row writes, skipping the rows; null as soon as an op is anything else.</summary>
    public static List<(long Space, byte[] Key)>? RowWriteKeys(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        int count = (int)r.ReadVarint();
        var keys = new List<(long, byte[])>(count);
        for (int i = 0; i < count; i++)
        {
            if ((Kind)r.ReadByte() != Kind.WriteRow) return null;
            long table = (long)r.ReadVarint();
            keys.Add((table, r.ReadBytes()));
            if (r.ReadByte() != 0) r.SkipBytes();
        }
        return r.AtEnd ? keys : throw new InvalidDataException($"{data.Length - r.Position} bytes follow the last op");
    }

    public static List<LogOp> Decode(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        int count = (int)r.ReadVarint();
        var ops = new List<LogOp>(count);
        for (int i = 0; i < count; i++)
        {
            var kind = (Kind)r.ReadByte();
            switch (kind)
            {
                case Kind.WriteRow:
                    {
                        long table = (long)r.ReadVarint();
                        byte[] key = r.ReadBytes();
                        byte[]? row = r.ReadByte() == 0 ? null : r.ReadBytes();
                        ops.Add(new WriteRowOp(table, key, row));
                        break;
                    }
                case Kind.CreateTable:
                    {
                        var schema = ReadSchema(ref r);
                        ops.Add(new CreateTableOp(schema, (long)r.ReadVarint()));
                        break;
                    }
                case Kind.DropTable:
                    ops.Add(new DropTableOp((long)r.ReadVarint()));
                    break;
                case Kind.SplitAtom:
                    ops.Add(new SplitAtomOp((long)r.ReadVarint(), (long)r.ReadVarint(), r.ReadBytes(), (long)r.ReadVarint()));
                    break;
                case Kind.ReserveIds:
                    ops.Add(new ReserveIdsOp((long)r.ReadVarint()));
                    break;
                case Kind.CreateIndex:
                    {
                        var index = ReadIndex(ref r);
                        ops.Add(new CreateIndexOp(index, (long)r.ReadVarint()));
                        break;
                    }
                case Kind.DropIndex:
                    ops.Add(new DropIndexOp((long)r.ReadVarint()));
                    break;
                case Kind.CreateView:
                    ops.Add(new CreateViewOp(ReadView(ref r)));
                    break;
                case Kind.DropView:
                    ops.Add(new DropViewOp((long)r.ReadVarint()));
                    break;
                case Kind.AlterTable:
                    {
                        var schema = ReadSchema(ref r);
                        int indexCount = (int)r.ReadVarint();
                        var indexes = new List<IndexSchema>(indexCount);
                        for (int j = 0; j < indexCount; j++) indexes.Add(ReadIndex(ref r));
                        ops.Add(new AlterTableOp(schema, indexes));
                        break;
                    }
                case Kind.CreateSchema:
                    ops.Add(new CreateSchemaOp(r.ReadString()));
                    break;
                case Kind.DropSchema:
                    ops.Add(new DropSchemaOp(r.ReadString()));
                    break;
                case Kind.CreateSequence:
                    ops.Add(new CreateSequenceOp(ReadSequence(ref r)));
                    break;
                case Kind.DropSequence:
                    ops.Add(new DropSequenceOp((long)r.ReadVarint()));
                    break;
                case Kind.SequenceAdvance:
                    {
                        long id = (long)r.ReadVarint();
                        long lastValue = RowCodec.UnZigZag(r.ReadVarint());
                        byte flags = r.ReadByte();
                        ops.Add(new SequenceAdvanceOp(id, lastValue, (flags & 1) != 0, (flags & 2) != 0));
                    }
                    break;
                default:
                    throw new InvalidDataException($"unknown log op kind {(byte)kind}");
            }
        }
        return ops;
    }

    public static void WriteSchema(ByteWriter w, TableSchema schema)
    {
        w.WriteVarint((ulong)schema.Id);
        w.WriteString(schema.SchemaName);
        w.WriteString(schema.Name);
        w.WriteVarint((ulong)schema.Version);
        w.WriteVarint((ulong)schema.Columns.Count);
        foreach (var c in schema.Columns)
        {
            w.WriteString(c.Name);
            w.WriteByte((byte)c.Type.Id);
            w.WriteVarint((ulong)c.Type.Length);
            w.WriteVarint((ulong)c.Type.Scale);
            w.WriteByte((byte)((c.NotNull ? 1 : 0) | (c.Hidden ? 2 : 0) | (c.DefaultSql is null ? 0 : 4) | (c.AlwaysGenerated ? 8 : 0)));
            if (c.DefaultSql is not null) w.WriteString(c.DefaultSql);
        }
        w.WriteVarint((ulong)schema.PrimaryKey.Count);
        foreach (int ordinal in schema.PrimaryKey) w.WriteVarint((ulong)ordinal);
    }

    public static void WriteIndex(ByteWriter w, IndexSchema index)
    {
        w.WriteVarint((ulong)index.Id);
        w.WriteVarint((ulong)index.TableId);
        w.WriteString(index.SchemaName);
        w.WriteString(index.Name);
        w.WriteByte(index.Unique ? (byte)1 : (byte)0);
        w.WriteVarint((ulong)index.Columns.Count);
        foreach (var column in index.Columns)
        {
            w.WriteVarint((ulong)column.Ordinal);
            w.WriteByte(column.Descending ? (byte)1 : (byte)0);
        }
    }

    public static IndexSchema ReadIndex(ref ByteReader r)
    {
        long id = (long)r.ReadVarint();
        long tableId = (long)r.ReadVarint();
        string schemaName = r.ReadString();
        string name = r.ReadString();
        bool unique = r.ReadByte() != 0;
        int count = (int)r.ReadVarint();
        var columns = new List<IndexColumn>(count);
        for (int i = 0; i < count; i++) columns.Add(new IndexColumn((int)r.ReadVarint(), r.ReadByte() != 0));
        return new IndexSchema(id, tableId, schemaName, name, columns, unique);
    }

    public static void WriteSequence(ByteWriter w, SequenceSchema s)
    {
        w.WriteVarint((ulong)s.Id);
        w.WriteString(s.SchemaName);
        w.WriteString(s.Name);
        foreach (long v in new[] { s.Start, s.Increment, s.MinValue, s.MaxValue, s.Cache }) w.WriteVarint(RowCodec.ZigZag(v));
        w.WriteByte(s.Cycle ? (byte)1 : (byte)0);
        w.WriteVarint((ulong)s.OwnedBy);
    }

    public static SequenceSchema ReadSequence(ref ByteReader r)
    {
        long id = (long)r.ReadVarint();
        string schema = r.ReadString();
        string name = r.ReadString();
        long start = RowCodec.UnZigZag(r.ReadVarint());
        long increment = RowCodec.UnZigZag(r.ReadVarint());
        long min = RowCodec.UnZigZag(r.ReadVarint());
        long max = RowCodec.UnZigZag(r.ReadVarint());
        long cache = RowCodec.UnZigZag(r.ReadVarint());
        bool cycle = r.ReadByte() != 0;
        return new SequenceSchema(id, schema, name, start, increment, min, max, cache, cycle, (long)r.ReadVarint());
    }

    public static void WriteView(ByteWriter w, ViewSchema view)
    {
        w.WriteVarint((ulong)view.Id);
        w.WriteString(view.SchemaName);
        w.WriteString(view.Name);
        w.WriteString(view.Sql);
        w.WriteVarint(view.ColumnNames is null ? 0 : (ulong)view.ColumnNames.Count + 1);
        foreach (var name in view.ColumnNames ?? []) w.WriteString(name);
    }

    public static ViewSchema ReadView(ref ByteReader r)
    {
        long id = (long)r.ReadVarint();
        string schemaName = r.ReadString();
        string name = r.ReadString();
        string sql = r.ReadString();
        int count = (int)r.ReadVarint();
        List<string>? columns = null;
        if (count > 0)
        {
            columns = new List<string>(count - 1);
            for (int i = 0; i < count - 1; i++) columns.Add(r.ReadString());
        }
        return new ViewSchema(id, schemaName, name, sql, columns);
    }

    public static TableSchema ReadSchema(ref ByteReader r)
    {
        long id = (long)r.ReadVarint();
        string schemaName = r.ReadString();
        string name = r.ReadString();
        long version = (long)r.ReadVarint();
        int columnCount = (int)r.ReadVarint();
        var columns = new List<ColumnSchema>(columnCount);
        for (int i = 0; i < columnCount; i++)
        {
            string columnName = r.ReadString();
            var typeId = (SqlTypeId)r.ReadByte();
            int length = (int)r.ReadVarint();
            int scale = (int)r.ReadVarint();
            byte flags = r.ReadByte();
            string? defaultSql = (flags & 4) != 0 ? r.ReadString() : null;
            columns.Add(new ColumnSchema(columnName, new SqlType(typeId, length, scale), (flags & 1) != 0, defaultSql, (flags & 2) != 0, (flags & 8) != 0));
        }
        int keyCount = (int)r.ReadVarint();
        var key = new int[keyCount];
        for (int i = 0; i < keyCount; i++) key[i] = (int)r.ReadVarint();
        return new TableSchema(id, schemaName, name, columns, key, version);
    }
}

/// <summary>A growable byte buffer with the varint and length-prefixed writes the codecs use.</summary>
public sealed class ByteWriter
{
    private byte[] _buffer = new byte[64];
    private int _length;

    public int Length => _length;

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length) return;
        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }

    public void WriteByte(byte b)
    {
        Ensure(1);
        _buffer[_length++] = b;
    }

    public void WriteVarint(ulong v)
    {
        Ensure(10);
        _length = RowCodec.WriteVarint(_buffer, _length, v);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarint((ulong)bytes.Length);
        WriteRaw(bytes);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteString(string s)
    {
        int max = Encoding.UTF8.GetMaxByteCount(s.Length);
        Ensure(max + 10);
        int len = Encoding.UTF8.GetByteCount(s);
        WriteVarint((ulong)len);
        _length += Encoding.UTF8.GetBytes(s, _buffer.AsSpan(_length));
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();
}

/// <summary>Reads what <see cref="ByteWriter"/> wrote.</summary>
public ref struct ByteReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _pos;

    public readonly bool AtEnd => _pos >= _data.Length;

    public readonly int Position => _pos;

    public byte ReadByte() => _data[_pos++];

    public ulong ReadVarint() => RowCodec.ReadVarint(_data, ref _pos);

    public byte[] ReadBytes()
    {
        int len = (int)ReadVarint();
        var bytes = _data.Slice(_pos, len).ToArray();
        _pos += len;
        return bytes;
    }

    /// <summary>Moves past what <see cref="ReadBytes"/> would read, without copying it.</summary>
    public void SkipBytes()
    {
        int len = (int)ReadVarint(); // read first: it moves the position past the length itself
        _pos += len;
    }

    public string ReadString()
    {
        int len = (int)ReadVarint();
        var s = Encoding.UTF8.GetString(_data.Slice(_pos, len));
        _pos += len;
        return s;
    }
}
