using System.Text.Json;
using OrleansDb.Tests.Http;
using Xunit;

namespace OrleansDb.Tests.Processes;

/// <summary>
/// What the database must hold after any number of crashes, from what the clients were told: every
/// acknowledged batch's rows; no row of a rejected batch; each batch's rows all or none; and balances
/// that sum to the initial total and equal the last observed ones plus every acknowledged transfer plus
/// some subset of the transfers whose outcome is unknown. An unknown outcome is settled by the first
/// check after it: a batch found present must stay present, one found absent must never appear.
/// </summary>
public sealed class CrashLedger
{
    /// <summary>Above this many unknown transfers the subset search is skipped (only the total is checked).</summary>
    private const int MaxUnknownTransfersSearched = 16;

    private readonly HashSet<long> _mustExist = [];
    private readonly HashSet<long> _mustNotExist = [];
    private readonly HashSet<long> _unsettled = [];
    private readonly List<Transfer> _acknowledgedTransfers = [];
    private readonly List<Transfer> _unknownTransfers = [];
    private long[] _balances = [.. Enumerable.Repeat(CrashLoad.InitialBalance, CrashLoad.Accounts + 1)];

    public int AcknowledgedBatches { get; private set; }

    public int AcknowledgedTransfers { get; private set; }

    /// <summary>Adds the outcomes of one load run.</summary>
    public void Record(CrashLoad load)
    {
        _mustExist.UnionWith(load.AcknowledgedBatches);
        _mustNotExist.UnionWith(load.RejectedBatches);
        _unsettled.UnionWith(load.UnknownBatches);
        _acknowledgedTransfers.AddRange(load.AcknowledgedTransfers);
        _unknownTransfers.AddRange(load.UnknownTransfers);
        AcknowledgedBatches += load.AcknowledgedBatches.Count;
        AcknowledgedTransfers += load.AcknowledgedTransfers.Count;
    }

    /// <summary>Checks the silo's tables against the ledger, then settles the unknown outcomes as found.</summary>
    public async Task<CrashCheck> CheckAsync(HttpClient http)
    {
        var ids = Column(await http.PostSqlOkAsync("SELECT id FROM rows"));
        var mislabelled = Column(await http.PostSqlOkAsync(
            $"SELECT count(*) FROM rows WHERE batch <> id / {CrashLoad.RowsPerBatch} OR client NOT BETWEEN 0 AND {CrashLoad.Clients - 1}"));
        Assert.True(mislabelled[0] == 0, $"{mislabelled[0]} rows carry another batch's number or a client that never wrote");

        var present = ids.GroupBy(id => id / CrashLoad.RowsPerBatch).ToDictionary(g => g.Key, g => g.Count());
        var partial = present.Where(b => b.Value != CrashLoad.RowsPerBatch).Select(b => $"batch {b.Key}: {b.Value} of {CrashLoad.RowsPerBatch} rows").ToList();
        Assert.True(partial.Count == 0, $"transactions partly present: {string.Join("; ", partial.Take(20))}");

        var lost = _mustExist.Where(b => !present.ContainsKey(b)).Order().ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged (or once seen) batches are missing, e.g. {string.Join(", ", lost.Take(20))}");
        var resurrected = present.Keys.Where(_mustNotExist.Contains).Order().ToList();
        Assert.True(resurrected.Count == 0, $"{resurrected.Count} rejected (or once missing) batches are present, e.g. {string.Join(", ", resurrected.Take(20))}");
        var strangers = present.Keys.Where(b => !_mustExist.Contains(b) && !_unsettled.Contains(b)).Order().ToList();
        Assert.True(strangers.Count == 0, $"{strangers.Count} batches present that no client wrote, e.g. {string.Join(", ", strangers.Take(20))}");

        int unknownPresent = _unsettled.Count(present.ContainsKey);
        foreach (long batch in _unsettled) (present.ContainsKey(batch) ? _mustExist : _mustNotExist).Add(batch);
        int unknownBatches = _unsettled.Count;
        _unsettled.Clear();

        var (unknownTransfers, unknownTransfersApplied) = await CheckBalancesAsync(http);
        return new CrashCheck(ids.Count, unknownBatches, unknownPresent, unknownTransfers, unknownTransfersApplied);
    }

    /// <summary>Checks the accounts; returns how many transfers had an unknown outcome and how many of them were applied (-1: not searched).</summary>
    private async Task<(int Unknown, int Applied)> CheckBalancesAsync(HttpClient http)
    {
        var reply = await http.PostSqlOkAsync("SELECT id, balance FROM accounts ORDER BY id");
        var rows = reply.Last.GetProperty("rows").EnumerateArray().Select(r => (Id: r[0].GetInt32(), Balance: r[1].GetInt64())).ToList();
        Assert.Equal(Enumerable.Range(1, CrashLoad.Accounts), rows.Select(r => r.Id));
        Assert.True(rows.Sum(r => r.Balance) == CrashLoad.Accounts * CrashLoad.InitialBalance,
            $"sum(balance) is {rows.Sum(r => r.Balance)}, not {CrashLoad.Accounts * CrashLoad.InitialBalance}: {string.Join(", ", rows)}");
        var observed = new long[CrashLoad.Accounts + 1];
        foreach (var (id, balance) in rows) observed[id] = balance;

        var expected = (long[])_balances.Clone();
        foreach (var t in _acknowledgedTransfers) Move(expected, t);
        int unknown = _unknownTransfers.Count;
        int applied = -1;
        if (unknown <= MaxUnknownTransfersSearched)
        {
            applied = AppliedSubset(expected, observed);
            Assert.True(applied >= 0,
                $"balances [{string.Join(", ", observed[1..])}] are not the last seen ones plus the {_acknowledgedTransfers.Count} acknowledged " +
                $"transfers plus any subset of the {unknown} unknown ones (expected without unknown: [{string.Join(", ", expected[1..])}])");
        }
        _balances = observed;
        _acknowledgedTransfers.Clear();
        _unknownTransfers.Clear();
        return (unknown, applied);
    }

    /// <summary>The size of a subset of the unknown transfers that turns <paramref name="expected"/> into <paramref name="observed"/>, or -1.</summary>
    private int AppliedSubset(long[] expected, long[] observed)
    {
        for (int mask = 0; mask < 1 << _unknownTransfers.Count; mask++)
        {
            var candidate = (long[])expected.Clone();
            for (int i = 0; i < _unknownTransfers.Count; i++)
            {
                if ((mask & (1 << i)) != 0) Move(candidate, _unknownTransfers[i]);
            }
            if (candidate.AsSpan(1).SequenceEqual(observed.AsSpan(1))) return int.PopCount(mask);
        }
        return -1;
    }

    private static void Move(long[] balances, Transfer transfer)
    {
        balances[transfer.From] -= transfer.Amount;
        balances[transfer.To] += transfer.Amount;
    }

    private static List<long> Column(SqlHttpReply reply) =>
        [.. reply.Last.GetProperty("rows").EnumerateArray().Select(r => r[0].ValueKind == JsonValueKind.Number ? r[0].GetInt64() : long.Parse(r[0].GetString()!))];
}

/// <summary>What one check found: rows present, and how the unknown outcomes were settled.</summary>
public sealed record CrashCheck(int RowsPresent, int UnknownBatches, int UnknownBatchesPresent, int UnknownTransfers, int UnknownTransfersApplied);
