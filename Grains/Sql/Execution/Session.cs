using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// A client's session: at most one open transaction block (BEGIN ... COMMIT), its savepoints and
/// failed state, and the session's default isolation level. Requests run one at a time.
///
/// Outside a block, the statements of a request between transaction-control statements run as one
/// implicit transaction, committed at its end; one that fails applies nothing, and a single statement
/// whose commit loses a write conflict (40001) is run again a bounded number of times. Inside a block,
/// each statement reads at the block's snapshot (REPEATABLE READ, SERIALIZABLE) or a fresh one (READ
/// COMMITTED), and locks the keys it wrote: a key another open transaction holds makes it wait; a key
/// written by a commit after its snapshot re-runs it on a newer snapshot (READ COMMITTED) or fails it
/// (40001). After an error the block accepts only ROLLBACK (25P02), as in PostgreSQL.
/// </summary>
public sealed class Session(IDataAccess data, PlanCache? plans = null)
{
    public const int MaxConflictRetries = 3;

    private const int MaxStatementReruns = 100;

    private const int MaxSnapshotAttempts = 100;

    /// <summary>How many times a snapshot that must be newer than a given version waits for one (1, 2, 4 ... 256 ms) before taking what there is.</summary>
    private const int NewerSnapshotAttempts = 9;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<(string Name, Transaction.Savepoint State)> _savepoints = [];
    private Transaction? _block;
    private bool _failed;
    private bool _snapshotTaken;
    private readonly Dictionary<long, long> _currentValues = [];
    private IsolationLevel _defaultIsolation = IsolationLevel.RepeatableRead;

    /// <summary>Whether a transaction block is open.</summary>
    public bool InTransaction => _block is not null;

    public DateTime LastUsedUtc { get; private set; } = DateTime.UtcNow;

    public async Task<IReadOnlyList<StatementResult>> ExecuteAsync(string sql, IReadOnlyList<Value> parameters, CancellationToken cancellationToken)
    {
        var statements = plans?.Parse(sql) ?? Parser.ParseScript(sql);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var results = new List<StatementResult>(statements.Count);
            int i = 0;
            while (i < statements.Count)
            {
                if (statements[i] is TransactionStatement control)
                {
                    results.Add(await ControlAsync(control, cancellationToken));
                    i++;
                }
                else if (_block is not null)
                {
                    results.Add(await RunInBlockAsync(new SqlStatement(sql, i, statements[i]), parameters, cancellationToken));
                    i++;
                }
                else
                {
                    var group = new List<SqlStatement>();
                    for (; i < statements.Count && statements[i] is not TransactionStatement; i++) group.Add(new SqlStatement(sql, i, statements[i]));
                    results.AddRange(await RunImplicitAsync(group, parameters, cancellationToken));
                }
            }
            return results;
        }
        finally
        {
            LastUsedUtc = DateTime.UtcNow;
            _gate.Release();
        }
    }

    /// <summary>Ends the session: an open block is rolled back.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await EndBlockAsync(commit: false, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A statement and where it stands in its request's text (what the plan cache knows it by).</summary>
    private readonly record struct SqlStatement(string Sql, int Index, Statement Statement);

    private async Task<IReadOnlyList<StatementResult>> RunImplicitAsync(List<SqlStatement> statements, IReadOnlyList<Value> parameters, CancellationToken cancellationToken)
    {
        long conflictedAt = -1;
        for (int attempt = 0; ; attempt++)
        {
            var transaction = await NewTransactionAsync(_defaultIsolation, cancellationToken, after: conflictedAt);
            try
            {
                var results = new List<StatementResult>(statements.Count);
                for (int s = 0; s < statements.Count; s++)
                {
                    if (s > 0 && transaction.Isolation == IsolationLevel.ReadCommitted) await RefreshAsync(transaction, cancellationToken);
                    results.Add(await RunStatementAsync(transaction, statements[s], parameters, cancellationToken));
                }
                if (transaction.HasChanges) await data.CommitAsync(transaction.ToCommitRequest(), cancellationToken);
                else await ReleaseLocksAsync(transaction);
                return results;
            }
            catch (SqlException e) when (e.SqlState == SqlState.SerializationFailure && statements.Count == 1 && attempt < MaxConflictRetries)
            {
                // Nothing was returned and nothing applied: run the statement again on a newer snapshot (the
                // same one would meet the same conflicting write again).
                await ReleaseLocksAsync(transaction);
                conflictedAt = transaction.ReadVersion;
            }
            catch
            {
                await ReleaseLocksAsync(transaction);
                throw;
            }
        }
    }

    /// <summary>
    /// Releases the locks of a transaction that ends without a successful commit (an implicit transaction
    /// locks only a table its DDL rewrites). A commit the sequencer rejected released them already.
    /// </summary>
    private async Task ReleaseLocksAsync(Transaction transaction)
    {
        if (transaction.Owner != 0) await data.ReleaseAsync(transaction.Owner, CancellationToken.None);
    }

    private async Task<StatementResult> RunInBlockAsync(SqlStatement statement, IReadOnlyList<Value> parameters, CancellationToken cancellationToken)
    {
        if (_failed)
        {
            throw new SqlException(SqlState.InFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block");
        }
        var transaction = _block!;
        try
        {
            if (!_snapshotTaken || transaction.Isolation == IsolationLevel.ReadCommitted)
            {
                await RefreshAsync(transaction, cancellationToken);
                _snapshotTaken = true;
            }
            for (int run = 0; ; run++)
            {
                var before = transaction.Isolation == IsolationLevel.ReadCommitted ? transaction.Capture() : null;
                transaction.StatementTargets = null;
                var result = await RunStatementAsync(transaction, statement, parameters, cancellationToken);
                var keys = transaction.TakeStatementKeys();
                if (keys.Length == 0) return result;
                if (transaction.Owner == 0) transaction.Owner = await data.AllocateIdsAsync(1, cancellationToken);
                switch (await data.LockAsync(transaction.Owner, transaction.ReadVersion, keys, cancellationToken))
                {
                    case LockResult.Acquired:
                        return result;
                    case LockResult.Deadlock:
                        throw new SqlException(SqlState.DeadlockDetected, "deadlock detected");
                    case LockResult.Written when before is not null && run < MaxStatementReruns:
                        // READ COMMITTED: the rows changed under the statement; it runs again on a snapshot
                        // that includes the change, still holding the locks, so no one can change them again.
                        // An UPDATE or DELETE re-checks only the rows it chose the first time.
                        // The change is sequenced but may not be acknowledged yet: the new snapshot must be newer.
                        var targets = transaction.StatementTargets;
                        long stale = transaction.ReadVersion;
                        transaction.Restore(before);
                        transaction.RecheckTargets ??= targets;
                        await RefreshAsync(transaction, cancellationToken, after: stale);
                        continue;
                    default:
                        throw new SqlException(SqlState.SerializationFailure, "could not serialize access due to concurrent update");
                }
            }
        }
        catch (SqlException)
        {
            _failed = true;
            throw;
        }
        finally
        {
            transaction.RecheckTargets = null;
            transaction.StatementTargets = null;
        }
    }

    private async Task<StatementResult> RunStatementAsync(Transaction transaction, SqlStatement statement, IReadOnlyList<Value> parameters, CancellationToken cancellationToken)
    {
        var context = new ExecutionContext(data, transaction, new EvalContext(parameters, now: transaction.StartedUtc), cancellationToken)
        {
            CurrentValues = _currentValues,
        };
        var plan = plans is null
            ? PlanCache.Build(statement.Statement, transaction, parameters)
            : plans.Plan(statement.Sql, statement.Index, statement.Statement, transaction, parameters);
        return await StatementExecutor.ExecuteAsync(plan, context);
    }

    private async Task<Transaction> NewTransactionAsync(IsolationLevel isolation, CancellationToken cancellationToken, long after = -1)
    {
        var (readVersion, catalog) = await TakeSnapshotAsync(cancellationToken, after);
        return new Transaction(readVersion, data.AppliedVersion, catalog, isolation);
    }

    private async Task RefreshAsync(Transaction transaction, CancellationToken cancellationToken, long after = -1)
    {
        var (readVersion, catalog) = await TakeSnapshotAsync(cancellationToken, after);
        transaction.Refresh(readVersion, data.AppliedVersion, catalog);
    }

    /// <summary>
    /// A read version (newer than <paramref name="after"/> when one becomes acknowledged soon) and the
    /// catalog as of that version. This engine may have applied newer commits already (a DDL whose batch
    /// is not acknowledged yet); the snapshot binds against the catalog its rows were written for, never
    /// a newer one.
    /// </summary>
    private async Task<(long ReadVersion, CatalogSnapshot Catalog)> TakeSnapshotAsync(CancellationToken cancellationToken, long after = -1)
    {
        for (int attempt = 0; ; attempt++)
        {
            long readVersion = await data.GetReadVersionAsync(cancellationToken);
            if (readVersion <= after && attempt < NewerSnapshotAttempts)
            {
                await Task.Delay(1 << attempt, cancellationToken);
                continue;
            }
            await data.WaitForVersionAsync(readVersion, cancellationToken);
            if (data.CatalogAt(readVersion) is { } catalog) return (readVersion, catalog);
            // Only after this engine copied a newer state, or many catalog changes in one batch: the
            // acknowledged version soon passes them.
            if (attempt >= MaxSnapshotAttempts) throw new SqlException(SqlState.CannotConnectNow, "this engine has no catalog for the current snapshot; try again");
            await Task.Delay(10, cancellationToken);
        }
    }

    private async Task<StatementResult> ControlAsync(TransactionStatement control, CancellationToken cancellationToken)
    {
        switch (control.Command)
        {
            case TransactionCommand.Begin:
                if (_block is null)
                {
                    _block = await NewTransactionAsync(ParseIsolation(control.Isolation) ?? _defaultIsolation, cancellationToken);
                    _failed = false;
                    _snapshotTaken = false;
                    _savepoints.Clear();
                }
                return StatementResult.Command(0);
            case TransactionCommand.Commit:
                await EndBlockAsync(commit: true, cancellationToken);
                return StatementResult.Command(0);
            case TransactionCommand.Rollback:
                await EndBlockAsync(commit: false, cancellationToken);
                return StatementResult.Command(0);
            case TransactionCommand.Savepoint:
                RequireBlock("SAVEPOINT");
                if (_failed) throw new SqlException(SqlState.InFailedTransaction, "current transaction is aborted, commands ignored until end of transaction block");
                _savepoints.Add((control.Savepoint!, _block!.Capture()));
                return StatementResult.Command(0);
            case TransactionCommand.RollbackToSavepoint:
                {
                    RequireBlock("ROLLBACK TO SAVEPOINT");
                    int at = FindSavepoint(control.Savepoint!);
                    _block!.Restore(_savepoints[at].State);
                    _savepoints.RemoveRange(at + 1, _savepoints.Count - at - 1);
                    _failed = false;
                    return StatementResult.Command(0);
                }
            case TransactionCommand.ReleaseSavepoint:
                {
                    RequireBlock("RELEASE SAVEPOINT");
                    int at = FindSavepoint(control.Savepoint!);
                    _savepoints.RemoveRange(at, _savepoints.Count - at);
                    return StatementResult.Command(0);
                }
            case TransactionCommand.SetTransaction:
                if (_block is null) return StatementResult.Command(0); // PostgreSQL: a warning, and no effect
                if (_snapshotTaken)
                {
                    throw new SqlException(SqlState.ActiveTransaction, "SET TRANSACTION ISOLATION LEVEL must be called before any query");
                }
                _block.Isolation = ParseIsolation(control.Isolation) ?? _block.Isolation;
                return StatementResult.Command(0);
            default:
                _defaultIsolation = ParseIsolation(control.Isolation) ?? _defaultIsolation;
                return StatementResult.Command(0);
        }
    }

    private void RequireBlock(string command)
    {
        if (_block is null) throw new SqlException(SqlState.NoActiveTransaction, $"{command} can only be used in transaction blocks");
    }

    private int FindSavepoint(string name)
    {
        int at = _savepoints.FindLastIndex(s => s.Name == name);
        if (at < 0) throw new SqlException(SqlState.InvalidSavepoint, $"savepoint \"{name}\" does not exist");
        return at;
    }

    /// <summary>Commits (or, when failed or asked, rolls back) the open block, if any; the block ends either way.</summary>
    private async Task EndBlockAsync(bool commit, CancellationToken cancellationToken)
    {
        var block = _block;
        bool failed = _failed;
        _block = null;
        _failed = false;
        _savepoints.Clear();
        if (block is null) return;
        if (commit && !failed && block.HasChanges)
        {
            try
            {
                await data.CommitAsync(block.ToCommitRequest(), cancellationToken);
            }
            catch
            {
                await ReleaseLocksAsync(block);
                throw;
            }
            return;
        }
        await ReleaseLocksAsync(block);
    }

    private static IsolationLevel? ParseIsolation(string? text) => text switch
    {
        "read committed" => IsolationLevel.ReadCommitted,
        "repeatable read" => IsolationLevel.RepeatableRead,
        "serializable" => IsolationLevel.Serializable,
        _ => null,
    };
}
