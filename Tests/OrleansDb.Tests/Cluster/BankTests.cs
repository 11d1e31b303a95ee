using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Orleans.TestingHost;
using OrleansDb.Engine;
using OrleansDb.SqlLogicTest;
using Xunit;
using Xunit.Abstractions;

namespace OrleansDb.Tests.Cluster;

/// <summary>
/// The bank test: 100 accounts of 1,000 on an in-process three-silo cluster; 16 clients move random
/// amounts between random accounts through different silos while readers take snapshots of the total.
/// Every snapshot sees 100,000 over 100 accounts, and at the end each balance is exactly 1,000 plus the
/// transfers that were acknowledged as committed. A serialization failure (40001) or a detected deadlock
/// (40P01) aborts a transfer, which the client counts and replaces with a new one; any other error fails.
/// </summary>
/// <remarks>
/// Even clients send each transfer as one request of two UPDATEs (one implicit transaction); odd clients
/// run it in a session: BEGIN, a SELECT of each balance, an UPDATE of each, COMMIT. REPEATABLE READ and
/// SERIALIZABLE sessions write the balances they read minus or plus the amount, so a lost update would
/// change the total; READ COMMITTED sessions write <c>balance - amount</c>, as PostgreSQL needs there.
/// Client i sends everything to silo i mod 3; reader r to silo r. ORLEANSDB_BANK_SECONDS sets how long
/// the clients run (30 s by default).
/// </remarks>
public sealed class BankTests(ITestOutputHelper output)
{
    private const int Accounts = 100;
    private const long InitialBalance = 1_000;
    private const long Total = Accounts * InitialBalance;
    private const int Clients = 16;
    private const int Readers = 3;
    private const int MaxAmount = 100;
    private const string DurationVariable = "ORLEANSDB_BANK_SECONDS";
    private const string SumSql = "SELECT sum(balance), count(*) FROM accounts";

    /// <summary>A statement still running after this is reported as hung; it says nothing about speed.</summary>
    private static readonly TimeSpan StatementBound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Concurrent_Transfers_Through_Three_Silos_Keep_The_Total_In_Every_Snapshot()
    {
        var duration = TimeSpan.FromSeconds(DurationSeconds());
        int seed = Environment.TickCount;
        var cluster = await OrleansDbTestCluster.StartAsync(3);
        try
        {
            var bank = new Bank(cluster);
            await bank.RequireAsync(0, "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint NOT NULL)");
            var rows = Enumerable.Range(1, Accounts).Select(id => $"({id}, {InitialBalance})");
            await bank.RequireAsync(0, "INSERT INTO accounts VALUES " + string.Join(", ", rows));

            var watch = Stopwatch.StartNew();
            using var stop = new CancellationTokenSource(duration);
            var clients = Enumerable.Range(0, Clients).Select(client => Task.Run(() => RunClientAsync(bank, client, seed, stop.Token)));
            var readers = Enumerable.Range(0, Readers).Select(reader => Task.Run(() => RunReaderAsync(bank, reader, stop.Token)));
            await Task.WhenAll(clients.Concat(readers));
            var elapsed = watch.Elapsed;

            var final = await FinalStateAsync(bank);
            await ReportAsync(bank, cluster, seed, elapsed);

            Assert.True(bank.Problems.IsEmpty, $"{bank.Problems.Count} unexpected error(s):{Environment.NewLine}{string.Join(Environment.NewLine, bank.Problems.Take(50))}");
            Assert.True(bank.Mismatches.IsEmpty, $"{bank.Mismatches.Count} read(s) saw a wrong total:{Environment.NewLine}{string.Join(Environment.NewLine, bank.Mismatches.Take(50))}");
            Assert.True(final.Count == 0, $"the final state differs:{Environment.NewLine}{string.Join(Environment.NewLine, final.Take(50))}");
            Assert.True(bank.Commits > 0, "no transfer committed");
        }
        finally
        {
            await cluster.StopAllSilosAsync();
            await cluster.DisposeAsync();
        }
    }

    private static int DurationSeconds() =>
        int.TryParse(Environment.GetEnvironmentVariable(DurationVariable), NumberStyles.Integer, CultureInfo.InvariantCulture, out int seconds) && seconds > 0
            ? seconds
            : 30;

    /// <summary>Client <paramref name="client"/>: transfers until stopped, through silo client mod 3.</summary>
    private static async Task RunClientAsync(Bank bank, int client, int seed, CancellationToken stop)
    {
        var random = new Random(seed + client);
        int silo = client % bank.Silos;
        var kind = KindOf(client);
        string? session = kind == TransferKind.Implicit ? null : bank.OpenSession(silo);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                int from = random.Next(1, Accounts + 1);
                int to = random.Next(1, Accounts);
                if (to >= from) to++;
                long amount = random.Next(1, MaxAmount + 1);
                var transfer = new Transfer(client, silo, kind, from, to, amount);
                bool committed = kind == TransferKind.Implicit
                    ? await TransferInOneRequestAsync(bank, transfer)
                    : await TransferInSessionAsync(bank, transfer, session!);
                if (committed)
                {
                    Interlocked.Add(ref bank.Expected[from - 1], -amount);
                    Interlocked.Add(ref bank.Expected[to - 1], amount);
                }
            }
        }
        catch (HungStatementException)
        {
            // Recorded as a problem. The session is still inside the statement: closing it would wait for it.
            session = null;
        }
        finally
        {
            if (session is not null) await bank.CloseSessionAsync(silo, session);
        }
    }

    /// <summary>Half the clients send implicit transactions; of the sessions, two in four use the default level.</summary>
    private static TransferKind KindOf(int client) => (client % 2, client / 2 % 4) switch
    {
        (0, _) => TransferKind.Implicit,
        (_, 2) => TransferKind.ReadCommitted,
        (_, 3) => TransferKind.Serializable,
        _ => TransferKind.RepeatableRead,
    };

    private static async Task<bool> TransferInOneRequestAsync(Bank bank, Transfer transfer)
    {
        const string Sql = "UPDATE accounts SET balance = balance - $3 WHERE id = $1; UPDATE accounts SET balance = balance + $3 WHERE id = $2";
        var response = await bank.ExecuteAsync(transfer.Silo, Sql, null, transfer.From, transfer.To, transfer.Amount);
        if (response.Error is { } error) return bank.Aborted(transfer, Sql, error);
        if (response.Results.Count != 2 || response.Results.Any(r => r.RowsAffected != 1))
        {
            bank.Problems.Enqueue($"{transfer}: `{Sql}` affected {string.Join(", ", response.Results.Select(r => r.RowsAffected))} row(s)");
        }
        bank.Committed(transfer);
        return true;
    }

    private static async Task<bool> TransferInSessionAsync(Bank bank, Transfer transfer, string session)
    {
        string begin = transfer.Kind switch
        {
            TransferKind.ReadCommitted => "BEGIN ISOLATION LEVEL READ COMMITTED",
            TransferKind.Serializable => "BEGIN ISOLATION LEVEL SERIALIZABLE",
            _ => "BEGIN",
        };
        if (await bank.StepAsync(transfer, session, begin) is null) return await bank.RollbackAsync(transfer, session);
        var fromBalance = await bank.StepAsync(transfer, session, "SELECT balance FROM accounts WHERE id = $1", transfer.From);
        if (fromBalance is null) return await bank.RollbackAsync(transfer, session);
        var toBalance = await bank.StepAsync(transfer, session, "SELECT balance FROM accounts WHERE id = $1", transfer.To);
        if (toBalance is null) return await bank.RollbackAsync(transfer, session);
        if (fromBalance.Rows.Count != 1 || toBalance.Rows.Count != 1)
        {
            bank.Problems.Enqueue($"{transfer}: the SELECTs found {fromBalance.Rows.Count} and {toBalance.Rows.Count} row(s)");
            return await bank.RollbackAsync(transfer, session);
        }

        const string SetBalance = "UPDATE accounts SET balance = $2 WHERE id = $1";
        (string Sql, object[] Parameters)[] updates = transfer.Kind == TransferKind.ReadCommitted
            ? [("UPDATE accounts SET balance = balance - $2 WHERE id = $1", [transfer.From, transfer.Amount]),
               ("UPDATE accounts SET balance = balance + $2 WHERE id = $1", [transfer.To, transfer.Amount])]
            : [(SetBalance, [transfer.From, Balance(fromBalance) - transfer.Amount]),
               (SetBalance, [transfer.To, Balance(toBalance) + transfer.Amount])];
        foreach (var (sql, parameters) in updates)
        {
            var updated = await bank.StepAsync(transfer, session, sql, parameters);
            if (updated is null) return await bank.RollbackAsync(transfer, session);
            if (updated.RowsAffected != 1)
            {
                bank.Problems.Enqueue($"{transfer}: `{sql}` affected {updated.RowsAffected} row(s)");
                return await bank.RollbackAsync(transfer, session);
            }
        }
        if (await bank.StepAsync(transfer, session, "COMMIT") is null) return await bank.RollbackAsync(transfer, session);
        bank.Committed(transfer);
        return true;
    }

    private static long Balance(SqlResultSet result) => Convert.ToInt64(result.Rows[0][0], CultureInfo.InvariantCulture);

    /// <summary>Reader <paramref name="reader"/> on silo reader mod 3: single-statement snapshots and REPEATABLE READ blocks that read the total twice.</summary>
    private static async Task RunReaderAsync(Bank bank, int reader, CancellationToken stop)
    {
        int silo = reader % bank.Silos;
        string? session = bank.OpenSession(silo);
        try
        {
            for (int round = 0; !stop.IsCancellationRequested; round++)
            {
                if (round % 2 == 0)
                {
                    var response = await bank.ExecuteAsync(silo, SumSql, null);
                    if (response.Error is { } error) bank.Problems.Enqueue($"reader {reader} on silo {silo}: `{SumSql}` failed: {error.Code} {error.Message}");
                    else bank.CheckTotal($"reader {reader} on silo {silo}, snapshot", response.Results[0]);
                    continue;
                }
                string[] block = ["BEGIN ISOLATION LEVEL REPEATABLE READ", SumSql, SumSql, "COMMIT"];
                for (int step = 0; step < block.Length; step++)
                {
                    var response = await bank.ExecuteAsync(silo, block[step], session);
                    if (response.Error is { } error)
                    {
                        bank.Problems.Enqueue($"reader {reader} on silo {silo}: `{block[step]}` (step {step} of a REPEATABLE READ block) failed: {error.Code} {error.Message}");
                        await bank.ExecuteAsync(silo, "ROLLBACK", session);
                        break;
                    }
                    if (block[step] == SumSql) bank.CheckTotal($"reader {reader} on silo {silo}, read {step} of a REPEATABLE READ block", response.Results[0]);
                }
            }
        }
        catch (HungStatementException)
        {
            // Recorded as a problem. The session may still be inside the statement: closing it would wait for it.
            session = null;
        }
        finally
        {
            if (session is not null) await bank.CloseSessionAsync(silo, session);
        }
    }

    /// <summary>Every silo sees the total, and every account holds 1,000 plus its committed transfers; returns what differs.</summary>
    private static async Task<List<string>> FinalStateAsync(Bank bank)
    {
        var differences = new List<string>();
        for (int silo = 0; silo < bank.Silos; silo++)
        {
            var total = await bank.RequireAsync(silo, SumSql);
            if (!IsTotal(total.Rows[0])) differences.Add($"silo {silo}: final sum and count {Show(total.Rows[0])}, expected {Total} and {Accounts}");
            var rows = await bank.RequireAsync(silo, "SELECT id, balance FROM accounts ORDER BY id");
            var balances = rows.Rows.ToDictionary(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture), r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
            for (int id = 1; id <= Accounts; id++)
            {
                long expected = Interlocked.Read(ref bank.Expected[id - 1]);
                if (!balances.TryGetValue(id, out long balance)) differences.Add($"silo {silo}: account {id} is missing");
                else if (balance != expected) differences.Add($"silo {silo}: account {id} holds {balance}, its committed transfers make {expected}");
            }
            if (balances.Count != Accounts) differences.Add($"silo {silo}: {balances.Count} accounts");
        }
        return differences;
    }

    private async Task ReportAsync(Bank bank, InProcessTestCluster cluster, int seed, TimeSpan elapsed)
    {
        output.WriteLine($"{Clients} clients, {Readers} readers, {elapsed.TotalSeconds:0.0} s, seed {seed}");
        output.WriteLine($"commits {bank.Commits}, 40001 aborts {bank.SerializationFailures}, 40P01 deadlocks {bank.Deadlocks}, " +
            $"reads of the total {bank.Reads}, {bank.Commits / elapsed.TotalSeconds:0.0} commits/s");
        foreach (var kind in Enum.GetValues<TransferKind>())
        {
            var tally = bank.Tallies[(int)kind];
            output.WriteLine($"  {kind,-14} commits {tally.Commits,7}, 40001 {tally.SerializationFailures,6}, 40P01 {tally.Deadlocks,5}");
        }
        foreach (var (step, count) in bank.AbortSteps.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  aborts of {step}: {count}");
        }
        var stats = await cluster.Client.GetGrain<ISequencerGrain>(0).GetStats();
        output.WriteLine($"sequencer: {stats.Batches} batches, {stats.Commits} commits, largest batch {stats.LargestBatch}, acknowledged version {stats.AcknowledgedVersion}");
        output.WriteLine($"unexpected errors {bank.Problems.Count}, wrong totals {bank.Mismatches.Count}");
    }

    private static bool IsTotal(object?[] row) =>
        row.Length == 2 && row[0] is not null && Convert.ToDecimal(row[0], CultureInfo.InvariantCulture) == Total
        && Convert.ToInt64(row[1], CultureInfo.InvariantCulture) == Accounts;

    private static string Show(object?[] row) => string.Join(", ", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "NULL"));

    private enum TransferKind { Implicit, RepeatableRead, ReadCommitted, Serializable }

    private sealed record Transfer(int Client, int Silo, TransferKind Kind, int From, int To, long Amount)
    {
        public override string ToString() => $"client {Client} ({Kind}) on silo {Silo}: {Amount} from {From} to {To}";
    }

    private sealed class Tally
    {
        public long Commits;
        public long SerializationFailures;
        public long Deadlocks;
    }

    private sealed class HungStatementException(string message) : Exception(message);

    /// <summary>The cluster's SQL services and what the clients and readers observed.</summary>
    private sealed class Bank(InProcessTestCluster cluster)
    {
        public readonly long[] Expected = Enumerable.Repeat(InitialBalance, Accounts).ToArray();
        public readonly Tally[] Tallies = Enum.GetValues<TransferKind>().Select(_ => new Tally()).ToArray();
        public readonly ConcurrentDictionary<string, long> AbortSteps = new(StringComparer.Ordinal);
        public readonly ConcurrentQueue<string> Problems = new();
        public readonly ConcurrentQueue<string> Mismatches = new();
        private long _reads;

        public int Silos => cluster.Silos.Count;

        public long Commits => Tallies.Sum(t => Interlocked.Read(ref t.Commits));

        public long SerializationFailures => Tallies.Sum(t => Interlocked.Read(ref t.SerializationFailures));

        public long Deadlocks => Tallies.Sum(t => Interlocked.Read(ref t.Deadlocks));

        public long Reads => Interlocked.Read(ref _reads);

        public string OpenSession(int silo) => cluster.SiloService<SessionManager>(silo).Open();

        public async Task CloseSessionAsync(int silo, string session) => await cluster.SiloService<SqlService>(silo).CloseSessionAsync(session);

        /// <summary>Runs SQL on silo <paramref name="silo"/>'s SQL service, in <paramref name="session"/> when given.</summary>
        public async Task<SqlResponse> ExecuteAsync(int silo, string sql, string? session, params object[] parameters)
        {
            var running = cluster.SiloService<SqlService>(silo).ExecuteAsync(new SqlRequest { Sql = sql, Parameters = parameters, Session = session }, CancellationToken.None);
            try
            {
                return await running.WaitAsync(StatementBound);
            }
            catch (TimeoutException)
            {
                string message = $"silo {silo}: `{sql}` ({string.Join(", ", parameters)}) did not complete within {StatementBound.TotalSeconds:0} s";
                Problems.Enqueue(message);
                throw new HungStatementException(message);
            }
        }

        /// <summary>Runs SQL that must succeed (set-up and final checks) and returns its last result.</summary>
        public async Task<SqlResultSet> RequireAsync(int silo, string sql)
        {
            var response = await ExecuteAsync(silo, sql, null);
            Assert.True(response.Error is null, $"silo {silo}: `{sql}` failed: {response.Error}");
            return response.Results[^1];
        }

        /// <summary>One statement of a session's transfer: its result, or null when it failed (counted or recorded).</summary>
        public async Task<SqlResultSet?> StepAsync(Transfer transfer, string session, string sql, params object[] parameters)
        {
            var response = await ExecuteAsync(transfer.Silo, sql, session, parameters);
            if (response.Error is not { } error) return response.Results[^1];
            Aborted(transfer, sql, error);
            return null;
        }

        /// <summary>Ends a failed transfer's block; COMMIT that failed has ended it already, and ROLLBACK then does nothing.</summary>
        public async Task<bool> RollbackAsync(Transfer transfer, string session)
        {
            var response = await ExecuteAsync(transfer.Silo, "ROLLBACK", session);
            if (response.Error is { } error) Problems.Enqueue($"{transfer}: ROLLBACK failed: {error.Code} {error.Message}");
            return false;
        }

        public void Committed(Transfer transfer) => Interlocked.Increment(ref Tallies[(int)transfer.Kind].Commits);

        /// <summary>Counts a 40001 or 40P01 abort; records any other error. Always false: the transfer did not commit.</summary>
        public bool Aborted(Transfer transfer, string sql, SqlError error)
        {
            var tally = Tallies[(int)transfer.Kind];
            switch (error.Code)
            {
                case "40001":
                    Interlocked.Increment(ref tally.SerializationFailures);
                    break;
                case "40P01":
                    Interlocked.Increment(ref tally.Deadlocks);
                    break;
                default:
                    Problems.Enqueue($"{transfer}: `{sql}` failed: {error.Code} {error.Message}");
                    return false;
            }
            string step = transfer.Kind == TransferKind.Implicit ? "request" : sql.Split(' ', 2)[0];
            AbortSteps.AddOrUpdate($"{transfer.Kind}, {step}, {error.Code}", 1, (_, n) => n + 1);
            return false;
        }

        /// <summary>Checks one read of <c>sum(balance), count(*)</c>.</summary>
        public void CheckTotal(string where, SqlResultSet result)
        {
            Interlocked.Increment(ref _reads);
            if (result.Rows.Count != 1 || !IsTotal(result.Rows[0]))
            {
                Mismatches.Enqueue($"{where}: {string.Join(" | ", result.Rows.Select(Show))}, expected {Total}, {Accounts}");
            }
        }
    }
}
