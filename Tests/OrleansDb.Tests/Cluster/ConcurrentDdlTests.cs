using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.TestingHost;
using OrleansDb.Engine;
using OrleansDb.Sql.Execution;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using OrleansDb.SqlLogicTest;
using OrleansDb.Storage;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Cluster;

/// <summary>
/// DDL while rows are inserted through three silos: ALTER TABLE ADD COLUMN with a DEFAULT, then CREATE
/// [UNIQUE] INDEX, each committed while six writers keep inserting. Every acknowledged row is in the
/// table and no other is; no snapshot that shows the new column reads it as NULL; and the index holds
/// exactly the committed rows (an index scan answers like a full scan on every silo). The DDL itself
/// succeeds at once although writers never pause.
/// </summary>
/// <remarks>
/// Writer w sends everything to silo w mod 3, cycling through single-row INSERTs (with and without a
/// column list), a three-row INSERT, two INSERTs in one request (one implicit transaction) and a session
/// block (BEGIN, two INSERTs, COMMIT). A serialization failure (40001) rejects the transaction, which
/// the writer counts and leaves out; any other error fails the test. Readers, one per silo, run from
/// the start: every row a snapshot shows with the column c has c = 7, and in one snapshot the count of
/// rows with v in a range is the same read through the index (once it exists) and through a full scan.
/// </remarks>
public sealed class ConcurrentDdlTests(ITestOutputHelper output)
{
    private const int Silos = 3;
    private const int Writers = 6;
    private const int IdsPerWriter = 1_000_000;

    /// <summary>How long writers run before the ALTER, between the ALTER and the CREATE INDEX, and after it.</summary>
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(1.5);

    /// <summary>A statement still running after this is reported as hung; it says nothing about speed.</summary>
    private static readonly TimeSpan StatementBound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Add_Column_With_Default_And_Create_Index_During_Inserts_Lose_No_Row(bool unique)
    {
        var watch = Stopwatch.StartNew();
        var cluster = await OrleansDbTestCluster.StartAsync(Silos);
        try
        {
            var run = new Run(cluster, unique);
            await run.RequireAsync(0, "CREATE TABLE items (id int PRIMARY KEY, v int NOT NULL)");

            using var stopWriters = new CancellationTokenSource();
            using var stopReaders = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(() => run.WriteAsync(w, stopWriters.Token))).ToList();
            var readers = Enumerable.Range(0, Silos).Select(r => Task.Run(() => run.ReadAsync(r, stopReaders.Token))).ToList();

            await Task.Delay(Phase);
            var ddl = Stopwatch.StartNew();
            await run.RequireAsync(0, "ALTER TABLE items ADD COLUMN c int DEFAULT 7");
            var alterTook = ddl.Elapsed;
            Volatile.Write(ref run.Altered, true);
            long rowsAtAlter = run.Acknowledged.Count;

            await Task.Delay(Phase);
            ddl.Restart();
            await run.RequireAsync(1, $"CREATE {(unique ? "UNIQUE " : "")}INDEX items_v ON items (v)");
            var indexTook = ddl.Elapsed;
            long rowsAtIndex = run.Acknowledged.Count;

            await Task.Delay(Phase);
            await stopWriters.CancelAsync();
            await Task.WhenAll(writers).WaitAsync(StatementBound);
            await stopReaders.CancelAsync();
            await Task.WhenAll(readers).WaitAsync(StatementBound);

            output.WriteLine($"{(unique ? "unique" : "non-unique")} index: {run.Acknowledged.Count} rows acknowledged " +
                $"({rowsAtAlter} when the ALTER returned, {rowsAtIndex} when the CREATE INDEX returned), " +
                $"{run.Transactions} transactions acknowledged, {run.Conflicts} rejected with 40001; " +
                $"{run.Reads} reader checks; ALTER took {alterTook.TotalMilliseconds:F0} ms, CREATE INDEX {indexTook.TotalMilliseconds:F0} ms");
            Assert.True(run.Failures.IsEmpty, string.Join(Environment.NewLine, run.Failures.Take(20)));

            for (int silo = 0; silo < Silos; silo++) await run.VerifyAsync(silo);
            output.WriteLine($"verified on {Silos} silos; {watch.Elapsed.TotalSeconds:F1} s in all");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// An engine that has applied a DROP COLUMN a reader's snapshot predates still decodes the rows the
    /// reader sees (written before the DROP) in the layout the reader's request names, not its own.
    /// </summary>
    [Fact]
    public void An_Atom_Decodes_Rows_In_The_Layout_Of_The_Readers_Snapshot()
    {
        ColumnSchema id = new("id", SqlType.Integer, true, null), name = new("name", SqlType.Text, false, null), qty = new("qty", SqlType.Integer, false, null);
        var before = new TableSchema(7, "public", "items", [id, name, qty], [0], 1);
        var after = before with { Columns = [id, qty], Version = 2 };
        var atom = new RecordAtom(1, before.Id, [], null);
        atom.Apply(1, KeyCodec.Encode(Value.FromInteger(1)), RowCodec.Encode([Value.FromInteger(1), Value.FromText("a"), Value.FromInteger(5)]));
        var request = new AtomScanRequest(before.Id, [], null, null, 1, 2, null, [new ColumnExpr(2, SqlType.Integer, "qty")], 0, false)
        {
            RowKinds = before.ColumnKinds,
        };

        var decoded = ScanCodec.DecodeRequest(ScanCodec.EncodeRequest(request));
        var result = AtomScanner.Execute(atom, after, decoded);

        Assert.Equal(before.ColumnKinds, decoded.RowKinds);
        Assert.Equal(5, Assert.Single(result.Rows)[0].AsInteger);
    }

    private sealed class Run(InProcessTestCluster cluster, bool unique)
    {
        public bool Altered;
        private long _transactions;
        private long _conflicts;
        private long _reads;

        public ConcurrentDictionary<long, byte> Acknowledged { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public long Transactions => Interlocked.Read(ref _transactions);

        public long Conflicts => Interlocked.Read(ref _conflicts);

        public long Reads => Interlocked.Read(ref _reads);

        /// <summary>The v of row <paramref name="id"/>: unique when the index is, else shared by many rows.</summary>
        public long ValueOf(long id) => unique ? -id : id % 1_000;

        private long LowestValue => unique ? -(long)(Writers + 1) * IdsPerWriter : 0;

        public async Task WriteAsync(int writer, CancellationToken stop)
        {
            int silo = writer % Silos;
            string session = cluster.SiloService<SessionManager>(silo).Open();
            long next = (writer + 1L) * IdsPerWriter;
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                long id = next;
                switch (i % 6)
                {
                    case 0:
                    case 1:
                        next += 1;
                        await CommitAsync(silo, [id], "INSERT INTO items (id, v) VALUES ($1, $2)", id, ValueOf(id));
                        break;
                    case 2:
                        next += 1;
                        await CommitAsync(silo, [id], "INSERT INTO items VALUES ($1, $2)", id, ValueOf(id));
                        break;
                    case 3:
                        next += 3;
                        await CommitAsync(silo, [id, id + 1, id + 2], "INSERT INTO items (id, v) VALUES ($1, $2), ($3, $4), ($5, $6)",
                            id, ValueOf(id), id + 1, ValueOf(id + 1), id + 2, ValueOf(id + 2));
                        break;
                    case 4:
                        next += 2;
                        await CommitAsync(silo, [id, id + 1], "INSERT INTO items (id, v) VALUES ($1, $2); INSERT INTO items (v, id) VALUES ($4, $3)",
                            id, ValueOf(id), id + 1, ValueOf(id + 1));
                        break;
                    default:
                        next += 2;
                        await BlockAsync(silo, session, [id, id + 1]);
                        break;
                }
            }
            await cluster.SiloService<SqlService>(silo).CloseSessionAsync(session);
        }

        /// <summary>One request, one implicit transaction: its ids are acknowledged when it succeeds.</summary>
        private async Task CommitAsync(int silo, long[] ids, string sql, params object?[] parameters)
        {
            if (Outcome(sql, await ExecuteAsync(silo, sql, null, parameters))) Acknowledge(ids);
        }

        /// <summary>BEGIN, an INSERT per id, COMMIT: each a request of its own in the session.</summary>
        private async Task BlockAsync(int silo, string session, long[] ids)
        {
            bool ok = Outcome("BEGIN", await ExecuteAsync(silo, "BEGIN", session));
            foreach (long id in ids)
            {
                const string insert = "INSERT INTO items (id, v) VALUES ($1, $2)";
                ok = ok && Outcome(insert, await ExecuteAsync(silo, insert, session, id, ValueOf(id)));
            }
            if (ok && Outcome("COMMIT", await ExecuteAsync(silo, "COMMIT", session)))
            {
                Acknowledge(ids);
                return;
            }
            Outcome("ROLLBACK", await ExecuteAsync(silo, "ROLLBACK", session));
        }

        private void Acknowledge(long[] ids)
        {
            foreach (long id in ids) Acknowledged.TryAdd(id, 0);
            Interlocked.Increment(ref _transactions);
        }

        /// <summary>True on success; a 40001 is counted, any other error recorded as a failure.</summary>
        private bool Outcome(string sql, SqlResponse response)
        {
            if (response.Error is null) return true;
            if (response.Error.Code == "40001") Interlocked.Increment(ref _conflicts);
            else Failures.Enqueue($"{sql}: {response.Error.Code} {response.Error.Message}");
            return false;
        }

        /// <summary>
        /// Checks snapshots until stopped: the first rows, as SELECT * shows them, have c = 7 once they have
        /// a c; after the ALTER returned, no row has c NULL or other than 7; the rows with v at or above a
        /// bound are as many through the index as through a full scan (two statements, one snapshot).
        /// </summary>
        public async Task ReadAsync(int silo, CancellationToken stop)
        {
            long lastCount = 0;
            while (!stop.IsCancellationRequested)
            {
                bool altered = Volatile.Read(ref Altered);
                var first = await ExecuteAsync(silo, "SELECT * FROM items ORDER BY id LIMIT 20", null);
                if (first.Error is not null)
                {
                    Failures.Enqueue($"silo {silo} SELECT *: {first.Error.Code} {first.Error.Message}");
                    continue;
                }
                var columns = first.Results[0].Columns.Select(c => c.Name).ToList();
                if (altered && !columns.Contains("c")) Failures.Enqueue($"silo {silo}: SELECT * after the ALTER returned shows no column c");
                if (columns.IndexOf("c") is int c and >= 0)
                {
                    foreach (var row in first.Results[0].Rows.Where(r => !Equals(AsLong(r[c]), 7L)))
                    {
                        Failures.Enqueue($"silo {silo}: SELECT * shows row {row[0]} with c = {row[c] ?? "NULL"}");
                    }
                }
                if (altered)
                {
                    const string wrong = "SELECT count(*) FROM items WHERE c IS NULL OR c <> 7";
                    var response = await ExecuteAsync(silo, wrong, null);
                    if (response.Error is not null) Failures.Enqueue($"silo {silo} {wrong}: {response.Error.Code} {response.Error.Message}");
                    else if (AsLong(response.Results[0].Rows[0][0]) is not 0L and var n) Failures.Enqueue($"silo {silo}: {n} rows with c NULL or not 7 after the ALTER returned");
                }
                const string ids = "SELECT id FROM items WHERE v >= $1; SELECT id FROM items WHERE v + 0 >= $1";
                var both = await ExecuteAsync(silo, ids, null, LowestValue);
                if (both.Error is not null)
                {
                    Failures.Enqueue($"silo {silo} {ids}: {both.Error.Code} {both.Error.Message}");
                    continue;
                }
                var byIndex = both.Results[0].Rows.Select(r => AsLong(r[0])).ToHashSet();
                var byScan = both.Results[1].Rows.Select(r => AsLong(r[0])).ToHashSet();
                if (!byIndex.SetEquals(byScan))
                {
                    Failures.Enqueue($"silo {silo}: one snapshot reads {byIndex.Count} rows by v >= bound and {byScan.Count} by a full scan; " +
                        $"only by the index: [{string.Join(", ", byIndex.Except(byScan).Take(10))}], only by the scan: [{string.Join(", ", byScan.Except(byIndex).Take(10))}]");
                }
                if (byScan.Count < lastCount) Failures.Enqueue($"silo {silo}: a later snapshot counts {byScan.Count} rows, an earlier one {lastCount}");
                lastCount = byScan.Count;
                Interlocked.Increment(ref _reads);
            }
        }

        /// <summary>The table holds exactly the acknowledged rows, all with c = 7; the index holds exactly the same rows.</summary>
        public async Task VerifyAsync(int silo)
        {
            var ids = (await QueryAsync(silo, "SELECT id FROM items")).Select(r => AsLong(r[0])!.Value).ToHashSet();
            var missing = Acknowledged.Keys.Where(id => !ids.Contains(id)).Take(10).ToList();
            var extra = ids.Where(id => !Acknowledged.ContainsKey(id)).Take(10).ToList();
            Assert.True(missing.Count == 0, $"silo {silo}: acknowledged rows missing: {string.Join(", ", missing)}");
            Assert.True(extra.Count == 0, $"silo {silo}: rows never acknowledged: {string.Join(", ", extra)}");
            Assert.Equal(0L, AsLong((await QueryAsync(silo, "SELECT count(*) FROM items WHERE c IS NULL OR c <> 7"))[0][0]));

            const string byIndex = "SELECT id FROM items WHERE v BETWEEN $1 AND $2";
            const string byScan = "SELECT id FROM items WHERE v + 0 BETWEEN $1 AND $2";
            Assert.Contains("Index Scan using items_v", Plan(await QueryAsync(silo, "EXPLAIN " + byIndex, 0, 1)));
            Assert.Contains("Full Scan", Plan(await QueryAsync(silo, "EXPLAIN " + byScan, 0, 1)));
            long low = LowestValue, high = unique ? 0 : 1_000;
            var ranges = new List<(long, long)> { (low, high) };
            for (int i = 0; i < 8; i++)
            {
                long from = low + (high - low) * i / 8;
                ranges.Add((from, from + (high - low) / 50));
            }
            foreach (var (from, to) in ranges)
            {
                var indexed = (await QueryAsync(silo, byIndex, from, to)).Select(r => AsLong(r[0])!.Value).Order().ToList();
                var scanned = (await QueryAsync(silo, byScan, from, to)).Select(r => AsLong(r[0])!.Value).Order().ToList();
                Assert.True(indexed.SequenceEqual(scanned),
                    $"silo {silo}, v between {from} and {to}: the index finds {indexed.Count} rows, a full scan {scanned.Count}; " +
                    $"missing from the index: {string.Join(", ", scanned.Except(indexed).Take(10))}");
            }
            Assert.Equal(ids.Count, (await QueryAsync(silo, byIndex, low, high)).Count);

            // Rows with equal v may come in any order: compare the values, and check each row's own.
            const string firstByIndex = "SELECT id, v FROM items ORDER BY v LIMIT 300";
            const string firstByScan = "SELECT id, v FROM items ORDER BY v + 0 LIMIT 300";
            Assert.Contains("Index Scan using items_v", Plan(await QueryAsync(silo, "EXPLAIN " + firstByIndex)));
            var ordered = await QueryAsync(silo, firstByIndex);
            var sorted = await QueryAsync(silo, firstByScan);
            Assert.Equal(sorted.Select(r => AsLong(r[1])), ordered.Select(r => AsLong(r[1])));
            Assert.All(ordered, r => Assert.Equal(ValueOf(AsLong(r[0])!.Value), AsLong(r[1])));
        }

        public async Task RequireAsync(int silo, string sql)
        {
            var response = await ExecuteAsync(silo, sql, null);
            Assert.True(response.Error is null, $"{sql}: {response.Error?.Code} {response.Error?.Message}");
        }

        private async Task<IReadOnlyList<object?[]>> QueryAsync(int silo, string sql, params object?[] parameters)
        {
            var response = await ExecuteAsync(silo, sql, null, parameters);
            Assert.True(response.Error is null, $"silo {silo} {sql}: {response.Error?.Code} {response.Error?.Message}");
            return response.Results[^1].Rows;
        }

        private Task<SqlResponse> ExecuteAsync(int silo, string sql, string? session, params object?[] parameters) =>
            cluster.SiloService<SqlService>(silo)
                .ExecuteAsync(new SqlRequest { Sql = sql, Session = session, Parameters = parameters }, CancellationToken.None)
                .WaitAsync(StatementBound);

        private static string Plan(IReadOnlyList<object?[]> rows) => string.Join(Environment.NewLine, rows.Select(r => r[0]));

        private static long? AsLong(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }
}
