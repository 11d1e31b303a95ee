namespace OrleansDb.SqlLogicTest;

/// <summary>
/// A database backend that the sqllogictest runner drives. One instance serves one test file.
/// </summary>
public interface ISqlLogicDatabase : IAsyncDisposable
{
    /// <summary>Engine name matched (case-insensitively) against <c>skipif</c>/<c>onlyif</c> records.</summary>
    string EngineName { get; }

    /// <summary>Executes a statement; throws when the SQL fails.</summary>
    Task ExecuteStatementAsync(string sql, CancellationToken ct);

    /// <summary>
    /// Runs a query and returns its rows as CLR values: null, bool, long/int/short, double/float,
    /// decimal, string or byte[]. Throws when the SQL fails.
    /// </summary>
    Task<IReadOnlyList<object?[]>> QueryAsync(string sql, CancellationToken ct);
}

/// <summary>Creates a fresh, empty database for each test file.</summary>
public interface ISqlLogicDatabaseFactory
{
    Task<ISqlLogicDatabase> CreateAsync(CancellationToken ct);
}
