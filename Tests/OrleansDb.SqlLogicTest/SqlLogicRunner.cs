using System.Diagnostics;
using System.Globalization;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// Runs sqllogictest files, each against a fresh database from <see cref="ISqlLogicDatabaseFactory"/>.
/// A record's exception never aborts the file; only cancelling the caller's token does.
/// </summary>
public sealed class SqlLogicRunner
{
    private readonly ISqlLogicDatabaseFactory _factory;
    private readonly SqlLogicRunnerOptions _options;

    public SqlLogicRunner(ISqlLogicDatabaseFactory factory, SqlLogicRunnerOptions? options = null)
    {
        _factory = factory;
        _options = options ?? new SqlLogicRunnerOptions();
    }

    public SqlLogicRunnerOptions Options => _options;

    /// <summary>Parses and runs the file at <paramref name="path"/>.</summary>
    public async Task<SqlLogicFileResult> RunFileAsync(string path, CancellationToken ct = default)
    {
        var file = await SqlLogicFile.LoadAsync(path, ct);
        return await RunAsync(file, ct);
    }

    /// <summary>Runs a parsed file against a fresh database.</summary>
    public async Task<SqlLogicFileResult> RunAsync(SqlLogicFile file, CancellationToken ct = default)
    {
        var stopwatch = Stopwatch.StartNew();
        var run = new FileRun(file.Path, _options);

        ISqlLogicDatabase database;
        try
        {
            database = await _factory.CreateAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            run.Fail(0, "", "a fresh database", "error: " + Describe(ex));
            return run.ToResult(stopwatch.Elapsed);
        }

        await using (database)
        {
            using var resultSet = new SqlLogicResultSet();
            var checker = new SqlLogicQueryChecker(resultSet, run);
            var engine = database.EngineName;
            var halted = false;
            foreach (var record in file.Records)
            {
                var counted = record is StatementRecord or QueryRecord;
                if (halted || !record.AppliesTo(engine))
                {
                    run.Skipped += counted ? 1 : 0;
                    continue;
                }

                try
                {
                    switch (record)
                    {
                        case HashThresholdRecord threshold:
                            checker.HashThreshold = threshold.Threshold;
                            break;
                        case HaltRecord:
                            halted = true;
                            break;
                        case InvalidRecord invalid:
                            run.Fail(invalid.Line, invalid.Text, "a valid record", invalid.Reason);
                            break;
                        case StatementRecord statement:
                            await RunStatementAsync(database, statement, run, ct);
                            break;
                        case QueryRecord query:
                            await RunQueryAsync(database, query, checker, run, ct);
                            break;
                    }
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    run.Fail(record.Line, (record as StatementRecord)?.Sql ?? (record as QueryRecord)?.Sql ?? "",
                        "no runner error", "runner error: " + ex);
                }

                if (_options.MaxFailuresPerFile is { } max && run.Failures.Count >= max)
                {
                    run.StoppedEarly = true;
                    break;
                }
            }
        }

        return run.ToResult(stopwatch.Elapsed);
    }

    private async Task RunStatementAsync(
        ISqlLogicDatabase database, StatementRecord statement, FileRun run, CancellationToken ct)
    {
        var (error, timedOut) = await ExecuteAsync(c => database.ExecuteStatementAsync(statement.Sql, c), ct);
        if (timedOut)
        {
            run.Fail(statement.Line, statement.Sql, statement.ExpectError ? "error" : "ok", error!);
        }
        else if (statement.ExpectError == (error is not null))
        {
            run.Passed++;
        }
        else
        {
            run.Fail(statement.Line, statement.Sql,
                statement.ExpectError ? "error" : "ok",
                error is null ? "ok (no error)" : "error: " + error);
        }
    }

    private async Task RunQueryAsync(
        ISqlLogicDatabase database, QueryRecord query, SqlLogicQueryChecker checker, FileRun run, CancellationToken ct)
    {
        IReadOnlyList<object?[]>? rows = null;
        var (error, timedOut) = await ExecuteAsync(async c => rows = await database.QueryAsync(query.Sql, c), ct);
        if (error is not null || rows is null)
        {
            run.Fail(query.Line, query.Sql, checker.DescribeExpected(query),
                timedOut ? error! : "error: " + (error ?? "backend returned no rows list"));
            return;
        }

        var actual = checker.Check(query, rows);
        if (actual is null)
        {
            run.Passed++;
        }
        else
        {
            run.Fail(query.Line, query.Sql, checker.DescribeExpected(query), actual);
        }
    }

    /// <summary>Runs one backend call under the per-record timeout; returns the error text, if any.</summary>
    private async Task<(string? Error, bool TimedOut)> ExecuteAsync(Func<CancellationToken, Task> action, CancellationToken ct)
    {
        var timeout = _options.RecordTimeout;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            // The grace period covers backends that ignore the token: stop waiting for them.
            await action(cts.Token).WaitAsync(timeout + TimeSpan.FromSeconds(5), ct);
            return (null, false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            return cts.IsCancellationRequested || ex is TimeoutException
                ? ($"timed out after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", true)
                : (Describe(ex), false);
        }
    }

    private static string Describe(Exception ex)
    {
        var message = ex.Message.ReplaceLineEndings(" ");
        return $"{ex.GetType().Name}: {message}";
    }
}
