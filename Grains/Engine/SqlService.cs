using Microsoft.Extensions.Logging;
using OrleansDb.Sql;
using OrleansDb.Sql.Execution;
using OrleansDb.Sql.Types;

namespace OrleansDb.Engine;

/// <summary>
/// The silo's SQL entry point, shared by the HTTP gateway and the Orleans client path: runs a request
/// with <see cref="RequestExecutor"/> and turns the outcome into a <see cref="SqlResponse"/>. Any
/// exception that is not a <see cref="SqlException"/> is a bug: it is logged and reported as XX000.
/// </summary>
public sealed partial class SqlService(GrainDataAccess data, EnginePlanCache plans, SessionManager sessions, IGrainFactory grains, ILogger<SqlService> logger)
{
    private readonly RequestExecutor _executor = new(data, plans.Cache);

    /// <summary>Runs a request: on its own, or in its session (forwarded to the silo that holds the session).</summary>
    public async Task<SqlResponse> ExecuteAsync(SqlRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var parameters = request.Parameters.Select(Value.FromObject).ToList();
            IReadOnlyList<StatementResult> results;
            if (request.Session is null)
            {
                results = await _executor.ExecuteAsync(request.Sql, parameters, cancellationToken);
            }
            else if (sessions.IsLocal(request.Session))
            {
                var session = sessions.Find(request.Session) ?? throw SessionMissing(request.Session);
                results = await session.ExecuteAsync(request.Sql, parameters, cancellationToken);
            }
            else
            {
                return await ForwardAsync(request);
            }
            return new SqlResponse { Results = results.Select(ToResultSet).ToList() };
        }
        catch (SqlException e)
        {
            return new SqlResponse { Error = new SqlError(e.SqlState, e.Message, e.Position) };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new SqlResponse { Error = new SqlError(SqlState.QueryCanceled, "canceling statement due to user request", null) };
        }
        catch (Exception e)
        {
            LogInternalError(logger, request.Sql, e);
            return new SqlResponse { Error = new SqlError(SqlState.InternalError, $"internal error: {e.Message}", null) };
        }
    }

    /// <summary>Ends a session wherever it lives; false when it did not exist.</summary>
    public async Task<bool> CloseSessionAsync(string session)
    {
        if (sessions.IsLocal(session)) return await sessions.CloseAsync(session);
        if (SessionManager.SiloOf(session) is not { } silo) return false;
        try
        {
            return await grains.GetGrain<ISessionHostGrain>(silo).Close(session);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return false;
        }
    }

    private async Task<SqlResponse> ForwardAsync(SqlRequest request)
    {
        if (SessionManager.SiloOf(request.Session!) is not { } silo)
        {
            return new SqlResponse { Error = new SqlError(SqlState.ConnectionDoesNotExist, $"session \"{request.Session}\" does not exist", null) };
        }
        try
        {
            return await grains.GetGrain<ISessionHostGrain>(silo).Execute(request);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return new SqlResponse
            {
                Error = new SqlError(SqlState.ConnectionDoesNotExist, $"session \"{request.Session}\" ended: the silo that held it is unavailable", null),
            };
        }
    }

    private static SqlException SessionMissing(string session) =>
        new(SqlState.ConnectionDoesNotExist, $"session \"{session}\" does not exist (it ended or expired)");

    private static SqlResultSet ToResultSet(StatementResult result)
    {
        var reals = result.Columns.Select(c => c.Type.Id == SqlTypeId.Real).ToArray();
        return new SqlResultSet
        {
            Columns = result.Columns.Select(c => new SqlColumn(c.Name, c.Type.Name)).ToList(),
            Rows = result.Rows.Select(r => r.Select((v, i) => reals[i] && v.Kind == ValueKind.Float ? (float)v.AsFloat : v.ToObject()).ToArray()).ToList(),
            RowsAffected = result.RowsAffected,
        };
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Internal error running {Sql}")]
    private static partial void LogInternalError(ILogger logger, string sql, Exception error);
}
