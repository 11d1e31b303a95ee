using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.TestingHost;
using OrleansDb.SqlLogicTest;
using Xunit;

namespace OrleansDb.Tests.Differential;

/// <summary>One engine's answer to a statement: its rows and rows affected, or its error.</summary>
public sealed record EngineResult(IReadOnlyList<object?[]> Rows, long RowsAffected, string? Error);

/// <summary>
/// A one-silo OrleansDb cluster and an in-memory SQLite database holding the same seeded tables, after the
/// same random UPDATEs and DELETEs. The seed is ORLEANSDB_DIFF_SEED, or <see cref="DefaultSeed"/>.
/// </summary>
public sealed class DifferentialFixture : IAsyncLifetime
{
    public const int DefaultSeed = 20250611;
    public const int Mutations = 12;

    private InProcessTestCluster? _cluster;
    private SqliteConnection? _sqlite;

    public int Seed { get; } = EnvironmentInt("ORLEANSDB_DIFF_SEED", DefaultSeed);

    /// <summary>The random mutations run during set-up, with both engines' results.</summary>
    public List<(string Sql, EngineResult OrleansDb, EngineResult Sqlite)> MutationResults { get; } = [];

    public async Task InitializeAsync()
    {
        _cluster = await OrleansDbTestCluster.StartAsync(silos: 1);
        _sqlite = new SqliteConnection("Data Source=:memory:");
        await _sqlite.OpenAsync();

        var rng = new Random(Seed);
        foreach (string sql in DifferentialSchema.Setup(rng))
        {
            var (orleansDb, sqlite) = (await OrleansDbAsync(sql), Sqlite(sql));
            if (orleansDb.Error is not null || sqlite.Error is not null)
            {
                throw new InvalidOperationException($"set-up failed: {sql}\nOrleansDb: {orleansDb.Error}\nSQLite: {sqlite.Error}");
            }
        }
        for (int i = 0; i < Mutations; i++)
        {
            string sql = new QueryGenerator(new Random(QuerySeed(Seed, -1 - i))).NextMutation();
            MutationResults.Add((sql, await OrleansDbAsync(sql), Sqlite(sql)));
        }
    }

    public async Task DisposeAsync()
    {
        if (_sqlite is not null) await _sqlite.DisposeAsync();
        if (_cluster is null) return;
        await _cluster.StopAllSilosAsync();
        await _cluster.DisposeAsync();
    }

    /// <summary>The seed of query <paramref name="index"/> of a run: each query can be regenerated on its own.</summary>
    public static int QuerySeed(int seed, int index) => unchecked((seed * 1_000_003) + index);

    public static int EnvironmentInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;

    public async Task<EngineResult> OrleansDbAsync(string sql)
    {
        SqlResponse response;
        try
        {
            response = await (_cluster ?? throw new InvalidOperationException("not started")).ExecuteAsync(sql);
        }
        catch (TimeoutException e)
        {
            return new EngineResult([], 0, $"timeout: {e.Message[..Math.Min(e.Message.Length, 80)]}");
        }
        if (response.Error is { } error) return new EngineResult([], 0, $"{error.Code}: {error.Message}");
        var last = response.Results[^1];
        return new EngineResult(last.Rows, last.RowsAffected, null);
    }

    public EngineResult Sqlite(string sql)
    {
        using var command = (_sqlite ?? throw new InvalidOperationException("not started")).CreateCommand();
        command.CommandText = sql;
        try
        {
            using var reader = command.ExecuteReader();
            var rows = new List<object?[]>();
            while (reader.Read())
            {
                var row = new object?[reader.FieldCount];
                for (int i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                rows.Add(row);
            }
            return new EngineResult(rows, reader.RecordsAffected, null);
        }
        catch (SqliteException e)
        {
            return new EngineResult([], 0, e.Message);
        }
    }
}
