using BenchmarkDotNet.Attributes;
using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Execution;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;
using OrleansDb.Transactions;

namespace OrleansDb.Bench.Micro;

/// <summary>
/// The engine's costs on the point-select and commit paths, in process, without grains: planning a
/// point select (fresh and from the plan cache), a point lookup inside one atom, encoding and decoding a
/// row, and sequencing a commit. In process: the assembly name (OrleansDb.Bench) differs from the project
/// file's, which BenchmarkDotNet's out-of-process build cannot follow.
/// </summary>
[MemoryDiagnoser]
[InProcess]
public class EngineBenchmarks
{
    private const string PointSelect = "SELECT v FROM kv WHERE k = $1";

    private readonly OneTableCatalog _catalog = new();
    private readonly PlanCache _plans = new();
    private readonly IReadOnlyList<Value> _parameters = [Value.FromInteger(4242)];
    private readonly Value[] _row = [Value.FromInteger(4242), Value.FromText(new string('v', 100))];
    private RecordAtom _atom = null!;
    private byte[] _encoded = null!;
    private AtomScanRequest _lookup = null!;
    private CommitSequencer _sequencer = null!;
    private long _nextKey;

    [GlobalSetup]
    public void Setup()
    {
        _atom = new RecordAtom(1, _catalog.Table.Id, [], null);
        for (long k = 0; k < 10_000; k++)
        {
            _atom.Apply(k + 1, KeyCodec.Encode([Value.FromInteger(k)]), RowCodec.Encode([Value.FromInteger(k), Value.FromText(new string('v', 100))]));
        }
        _encoded = RowCodec.Encode(_row);
        _lookup = new AtomScanRequest(_catalog.Table.Id, [], null, [KeyCodec.Encode([Value.FromInteger(4242)])], 20_000, 0, null, null, 0, false)
        {
            RowKinds = _catalog.Table.ColumnKinds,
        };
        _sequencer = new CommitSequencer(0);
        _plans.Plan(PointSelect, 0, Parser.ParseSingle(PointSelect), _catalog, _parameters);
    }

    [Benchmark]
    public object ParseBindPlan() => PlanCache.Build(Parser.ParseSingle(PointSelect), _catalog, _parameters);

    [Benchmark]
    public object PlanFromCache() => _plans.Plan(PointSelect, 0, _plans.Parse(PointSelect)[0], _catalog, _parameters);

    [Benchmark]
    public object PointLookupInAtom() => AtomScanner.Execute(_atom, _catalog.Table, _lookup);

    [Benchmark]
    public byte[] EncodeRow() => RowCodec.Encode(_row);

    [Benchmark]
    public Value[] DecodeRow() => RowCodec.Decode(_encoded, _catalog.Table.ColumnKinds);

    [Benchmark]
    public long SequenceCommit()
    {
        long key = ++_nextKey;
        var (_, version, _) = _sequencer.TrySequence(0, _sequencer.Acknowledged, [key], [], [], []);
        _sequencer.Acknowledge(version);
        return version;
    }

    /// <summary>The catalog of <c>kv(k bigint PRIMARY KEY, v text)</c>, as the binder sees it.</summary>
    private sealed class OneTableCatalog : ICatalogReader
    {
        public OneTableCatalog()
        {
            var bound = (BoundCreateTable)new Binder(this, []).Bind(Parser.ParseSingle("CREATE TABLE kv (k bigint PRIMARY KEY, v text)"));
            Table = bound.Table with { Id = 1 };
        }

        public TableSchema Table { get; }

        public TableSchema? FindTable(string? schema, string name) => name == "kv" ? Table : null;

        public ViewSchema? FindView(string? schema, string name) => null;

        public IndexSchema? FindIndex(string? schema, string name) => null;

        public bool RelationExists(string? schema, string name) => name == "kv";

        public IReadOnlyList<IndexSchema> IndexesOf(long tableId) => [];
    }
}
