namespace OrleansDb.Client;

/// <summary>
/// Runs SQL on an OrleansDb cluster through an Orleans client. Each call is one request: its
/// statements run, in order, as one transaction inside the silo that receives it (the client's
/// gateway); the client does not coordinate anything. SQL errors throw <see cref="OrleansDbException"/>.
/// </summary>
public sealed class OrleansDbClient(IClusterClient cluster)
{
    /// <summary>Runs one or more ';'-separated statements with $1, $2, ... parameters; returns one result per statement.</summary>
    public async Task<IReadOnlyList<ResultSet>> ExecuteAsync(string sql, params object?[] parameters)
    {
        var response = await cluster.GetGrain<ISqlGrain>(0).Execute(new SqlRequest { Sql = sql, Parameters = parameters });
        if (response.Error is { } error) throw new OrleansDbException(error.Code, error.Message, error.Position);
        return response.Results.Select(r => new ResultSet(r)).ToList();
    }

    /// <summary>Begins an interactive transaction on the silo this client's gateway is (a session there).</summary>
    public Task<OrleansDbTransaction> BeginTransactionAsync(IsolationLevel isolation = IsolationLevel.RepeatableRead) =>
        OrleansDbTransaction.BeginAsync(cluster.GetGrain<ISqlGrain>(0), isolation);

    /// <summary>Runs SQL and returns the last statement's result.</summary>
    public async Task<ResultSet> QueryAsync(string sql, params object?[] parameters)
    {
        var results = await ExecuteAsync(sql, parameters);
        return results.Count > 0 ? results[^1] : throw new ArgumentException("the SQL has no statement", nameof(sql));
    }
}
