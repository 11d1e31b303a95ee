using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using Xunit;

namespace OrleansDb.Tests.Engine;

public sealed class LogCodecTests
{
    private static readonly TableSchema Schema = new(
        42, "public", "Mixed Case",
        [
            new ColumnSchema("id", SqlType.BigInt, true, null),
            new ColumnSchema("name", SqlType.Varchar(12), false, "'it''s'"),
            new ColumnSchema("score", SqlType.Double, false, "1.5"),
            new ColumnSchema("rowid", SqlType.BigInt, true, null, Hidden: true),
        ],
        [3, 0], 7);

    [Fact]
    public void Every_Op_Kind_Round_Trips()
    {
        List<LogOp> ops =
        [
            new CreateTableOp(Schema, 43),
            new WriteRowOp(42, [1, 2, 3], [4, 5]),
            new WriteRowOp(42, [0xFF], null),
            new WriteRowOp(42, [], []),
            new SplitAtomOp(42, 43, [9, 8, 7], 44),
            new ReserveIdsOp(long.MaxValue),
            new DropTableOp(42),
        ];
        var bytes = LogCodec.Encode(ops);
        var decoded = LogCodec.Decode(bytes);

        Assert.Equal(ops.Select(o => o.GetType()), decoded.Select(o => o.GetType()));
        var create = Assert.IsType<CreateTableOp>(decoded[0]);
        Assert.Equal(43, create.FirstAtomId);
        Assert.Equal(Schema.Id, create.Schema.Id);
        Assert.Equal(Schema.SchemaName, create.Schema.SchemaName);
        Assert.Equal(Schema.Name, create.Schema.Name);
        Assert.Equal(Schema.Version, create.Schema.Version);
        Assert.Equal(Schema.Columns, create.Schema.Columns);
        Assert.Equal(Schema.PrimaryKey, create.Schema.PrimaryKey);
        Assert.True(create.Schema.HasHiddenRowId);

        var write = Assert.IsType<WriteRowOp>(decoded[1]);
        Assert.Equal(42, write.TableId);
        Assert.Equal(new byte[] { 1, 2, 3 }, write.Key);
        Assert.Equal(new byte[] { 4, 5 }, write.Row);
        Assert.Null(Assert.IsType<WriteRowOp>(decoded[2]).Row);
        Assert.Equal(new byte[0], Assert.IsType<WriteRowOp>(decoded[3]).Row);

        var split = Assert.IsType<SplitAtomOp>(decoded[4]);
        Assert.Equal((42L, 43L, 44L), (split.TableId, split.AtomId, split.NewAtomId));
        Assert.Equal(new byte[] { 9, 8, 7 }, split.SplitKey);
        Assert.Equal(long.MaxValue, Assert.IsType<ReserveIdsOp>(decoded[5]).HighWater);
        Assert.Equal(42, Assert.IsType<DropTableOp>(decoded[6]).TableId);

        Assert.Equal(bytes, LogCodec.Encode(decoded));
    }

    [Fact]
    public void Written_Keys_Are_Read_Without_The_Rows_And_Through_Ddl_Too()
    {
        var random = new Random(7);
        var ops = new List<LogOp>();
        for (int i = 0; i < 200; i++)
        {
            // Rows of every length, some ending in the byte that marks a row write, and tombstones.
            var row = i % 5 == 0 ? null : Enumerable.Range(0, random.Next(0, 300)).Select(_ => (byte)random.Next(0, 3)).Append((byte)1).ToArray();
            ops.Add(new WriteRowOp(random.Next(1, 1000), [.. Enumerable.Range(0, random.Next(1, 20)).Select(_ => (byte)random.Next())], row));
        }
        byte[] withDdl = LogCodec.Encode([new CreateTableOp(Schema, 43), new WriteRowOp(42, [5], [1])]);

        var rowKeys = LogCodec.RowWriteKeys(LogCodec.Encode(ops));
        Assert.NotNull(rowKeys);
        Assert.Equal(Keys(ops.Cast<WriteRowOp>()), rowKeys.Select(k => $"{k.Space}:{Convert.ToHexString(k.Key)}"));
        Assert.Null(LogCodec.RowWriteKeys(withDdl));
        Assert.Equal(["42:05"], LogCodec.WrittenKeys(withDdl).Select(k => $"{k.Space}:{Convert.ToHexString(k.Key)}"));

        static IEnumerable<string> Keys(IEnumerable<WriteRowOp> writes) => writes.Select(w => $"{w.TableId}:{Convert.ToHexString(w.Key)}");
    }

    [Fact]
    public void Empty_Transaction_Round_Trips()
    {
        Assert.Empty(LogCodec.Decode(LogCodec.Encode([])));
    }

    [Fact]
    public void Unknown_Op_Kind_Is_Rejected()
    {
        Assert.Throws<InvalidDataException>(() => LogCodec.Decode([1, 99]));
    }

    [Fact]
    public void Byte_Writer_And_Reader_Agree_On_Every_Field()
    {
        var w = new ByteWriter();
        w.WriteByte(7);
        w.WriteVarint(300);
        w.WriteBytes([1, 2]);
        w.WriteString("h\u00e9llo \U0001F600");
        w.WriteRaw([9]);
        var bytes = w.ToArray();
        Assert.Equal(w.Length, bytes.Length);
        var r = new ByteReader(bytes);
        Assert.Equal(7, r.ReadByte());
        Assert.Equal(300UL, r.ReadVarint());
        Assert.Equal(new byte[] { 1, 2 }, r.ReadBytes());
        Assert.Equal("h\u00e9llo \U0001F600", r.ReadString());
        Assert.Equal(9, r.ReadByte());
        Assert.True(r.AtEnd);
    }
}
