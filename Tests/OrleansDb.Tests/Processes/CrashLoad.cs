using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;

namespace OrleansDb.Tests.Processes;

/// <summary>A transfer of <see cref="Amount"/> from account <see cref="From"/> to account <see cref="To"/>.</summary>
public sealed record Transfer(int From, int To, long Amount);

/// <summary>
/// Concurrent HTTP clients writing to one silo until told to stop, each request one transaction:
/// an insert of <see cref="RowsPerBatch"/> rows with fresh ids tagged with their batch number
/// (batch b holds ids 3b, 3b+1, 3b+2), or a transfer between two accounts. Every request's outcome is
/// recorded: acknowledged (HTTP 200), rejected (an SQL error that commits nothing: 4xx) or unknown
/// (the connection died, or 5xx: the commit may or may not have happened).
/// </summary>
public sealed class CrashLoad
{
    public const int Clients = 8;
    public const int RowsPerBatch = 3;
    public const int Accounts = 10;
    public const long InitialBalance = 1000;

    private const string Schema =
        "CREATE TABLE rows (id bigint PRIMARY KEY, client int, batch bigint); " +
        "CREATE TABLE accounts (id int PRIMARY KEY, balance bigint)";

    private const string InsertSql = "INSERT INTO rows VALUES ($1, $4, $5), ($2, $4, $5), ($3, $4, $5)";
    private const string TransferSql =
        "UPDATE accounts SET balance = balance - $3 WHERE id = $1; UPDATE accounts SET balance = balance + $3 WHERE id = $2";

    private readonly ConcurrentBag<long> _acknowledgedBatches = [];
    private readonly ConcurrentBag<long> _rejectedBatches = [];
    private readonly ConcurrentBag<long> _unknownBatches = [];
    private readonly ConcurrentBag<Transfer> _acknowledgedTransfers = [];
    private readonly ConcurrentBag<Transfer> _unknownTransfers = [];
    private readonly ConcurrentDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _clients;
    private long _nextBatch;

    private CrashLoad(HttpClient http, long firstBatch, int seed)
    {
        _http = http;
        var seeds = new Random(seed);
        _nextBatch = firstBatch - 1;
        _clients = new Task[Clients];
        for (int i = 0; i < Clients; i++)
        {
            int client = i;
            int clientSeed = seeds.Next();
            _clients[i] = Task.Run(() => RunClientAsync(client, new Random(clientSeed)));
        }
    }

    /// <summary>Batch numbers whose insert was acknowledged: all their rows must survive any crash.</summary>
    public IReadOnlyCollection<long> AcknowledgedBatches => _acknowledgedBatches;

    /// <summary>Batch numbers whose insert failed with an SQL error: none of their rows may ever exist.</summary>
    public IReadOnlyCollection<long> RejectedBatches => _rejectedBatches;

    /// <summary>Batch numbers whose outcome is unknown: all their rows or none.</summary>
    public IReadOnlyCollection<long> UnknownBatches => _unknownBatches;

    public IReadOnlyCollection<Transfer> AcknowledgedTransfers => _acknowledgedTransfers;

    public IReadOnlyCollection<Transfer> UnknownTransfers => _unknownTransfers;

    /// <summary>How many requests ended how: <c>200</c>, <c>409 40001</c>, <c>error HttpRequestException</c>, ...</summary>
    public string StatusSummary => string.Join(", ", _statuses.OrderByDescending(s => s.Value).Select(s => $"{s.Key}: {s.Value}"));

    /// <summary>Starts the clients; batch numbers start at <paramref name="firstBatch"/>.</summary>
    public static CrashLoad Start(HttpClient http, long firstBatch, int seed) => new(http, firstBatch, seed);

    /// <summary>The schema and the accounts, each with <see cref="InitialBalance"/>.</summary>
    public static string SetupSql()
    {
        var sql = new StringBuilder(Schema).Append("; INSERT INTO accounts VALUES ");
        sql.AppendJoin(", ", Enumerable.Range(1, Accounts).Select(a => $"({a}, {InitialBalance})"));
        return sql.ToString();
    }

    /// <summary>
    /// Lets no client start another request; the requests in flight finish (or fail, when the silo was
    /// killed: a client stops by itself at its first failed connection). Call <see cref="WaitAsync"/> for them.
    /// </summary>
    public void Stop() => _stop.Cancel();

    /// <summary>Waits for every client after <see cref="Stop"/>.</summary>
    public async Task WaitAsync() => await Task.WhenAll(_clients).WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Runs requests until stopped, or until one finds the silo gone (it is being killed).</summary>
    private async Task RunClientAsync(int client, Random random)
    {
        while (!_stop.IsCancellationRequested)
        {
            var outcome = random.Next(10) < 6 ? await InsertAsync(client) : await TransferAsync(random);
            if (outcome == Outcome.Disconnected) return;
        }
    }

    private async Task<Outcome> InsertAsync(int client)
    {
        long batch = Interlocked.Increment(ref _nextBatch);
        long id = batch * RowsPerBatch;
        var outcome = await PostAsync(InsertSql, id, id + 1, id + 2, client, batch);
        (outcome switch
        {
            Outcome.Acknowledged => _acknowledgedBatches,
            Outcome.Rejected => _rejectedBatches,
            _ => _unknownBatches,
        }).Add(batch);
        return outcome;
    }

    private async Task<Outcome> TransferAsync(Random random)
    {
        int from = random.Next(1, Accounts + 1);
        int to = random.Next(1, Accounts);
        if (to >= from) to++;
        var transfer = new Transfer(from, to, random.Next(1, 51));
        var outcome = await PostAsync(TransferSql, transfer.From, transfer.To, transfer.Amount);
        if (outcome == Outcome.Acknowledged) _acknowledgedTransfers.Add(transfer);
        else if (outcome != Outcome.Rejected) _unknownTransfers.Add(transfer);
        return outcome;
    }

    /// <summary>
    /// Posts one request and classifies its outcome. A 200 counts only with its whole body read; a
    /// 4xx is an SQL error before or at commit (nothing applied); anything else may have committed.
    /// </summary>
    private async Task<Outcome> PostAsync(string sql, params object[] parameters)
    {
        string body = JsonSerializer.Serialize(new Dictionary<string, object?> { ["sql"] = sql, ["params"] = parameters });
        try
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using var response = await _http.PostAsync("/v1/sql", content);
            string text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                Count("200");
                return Outcome.Acknowledged;
            }
            string code = ErrorCode(text);
            Count($"{(int)response.StatusCode} {code}");
            return (int)response.StatusCode is >= 400 and < 500 ? Outcome.Rejected : Outcome.Unknown;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            Count($"error {e.GetType().Name}");
            return Outcome.Disconnected;
        }
    }

    private static string ErrorCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("error").GetProperty("code").GetString() ?? "?";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "?";
        }
    }

    private void Count(string status) => _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

    private enum Outcome
    {
        /// <summary>HTTP 200: committed, and durable.</summary>
        Acknowledged,

        /// <summary>An SQL error (4xx): nothing committed.</summary>
        Rejected,

        /// <summary>A 5xx: the commit may or may not have happened.</summary>
        Unknown,

        /// <summary>The connection failed (the silo is gone): the commit may or may not have happened.</summary>
        Disconnected,
    }
}
