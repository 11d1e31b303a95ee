using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

public static partial class StatementExecutor
{
    private static async Task<StatementResult> CreateTableAsync(CreateTablePlan plan, ExecutionContext context)
    {
        if (context.Transaction.RelationExists(plan.Table.SchemaName, plan.Table.Name))
        {
            if (plan.IfNotExists) return StatementResult.Command(0);
            throw new SqlException(SqlState.DuplicateTable, $"relation \"{plan.Table.Name}\" already exists");
        }
        var owned = plan.OwnedSequences ?? [];
        long id = await context.Data.AllocateIdsAsync(2 + owned.Count, context.CancellationToken);
        context.Transaction.ChangeCatalog(new CreateTableOp(plan.Table with { Id = id }, FirstAtomId: id + 1));
        for (int i = 0; i < owned.Count; i++)
        {
            if (context.Transaction.RelationExists(owned[i].SchemaName, owned[i].Name))
            {
                throw new SqlException(SqlState.DuplicateTable, $"relation \"{owned[i].Name}\" already exists");
            }
            context.Transaction.ChangeCatalog(new CreateSequenceOp(owned[i] with { Id = id + 2 + i, OwnedBy = id }));
        }
        return StatementResult.Command(0);
    }

    private static async Task<StatementResult> CreateSequenceAsync(CreateSequencePlan plan, ExecutionContext context)
    {
        if (context.Transaction.RelationExists(plan.Sequence.SchemaName, plan.Sequence.Name))
        {
            if (plan.IfNotExists) return StatementResult.Command(0);
            throw new SqlException(SqlState.DuplicateTable, $"relation \"{plan.Sequence.Name}\" already exists");
        }
        long id = await context.Data.AllocateIdsAsync(1, context.CancellationToken);
        context.Transaction.ChangeCatalog(new CreateSequenceOp(plan.Sequence with { Id = id }));
        return StatementResult.Command(0);
    }

    /// <summary>DROP SEQUENCE: a sequence a table's SERIAL or identity column uses goes only with its table (2BP01).</summary>
    private static void DropSequences(DropSequencePlan plan, ExecutionContext context)
    {
        foreach (var sequence in plan.Sequences)
        {
            if (sequence.OwnedBy != 0 && context.Transaction.Working.FindTable(sequence.OwnedBy) is { } table)
            {
                throw new SqlException(SqlState.DependentObjectsStillExist,
                    $"cannot drop sequence {sequence.Name} because column of table {table.Schema.Name} requires it");
            }
            context.Transaction.ChangeCatalog(new DropSequenceOp(sequence.Id));
        }
    }

    private static void DropTables(DropTablePlan plan, ExecutionContext context)
    {
        var views = ViewDependencies.Bindable(context.Transaction);
        foreach (var table in plan.Tables)
        {
            var current = context.Transaction.FindTable(table.SchemaName, table.Name);
            if (current is null || current.Id != table.Id)
            {
                if (plan.IfExists) continue;
                throw new SqlException(SqlState.UndefinedTable, $"table \"{table.Name}\" does not exist");
            }
            context.Transaction.ChangeCatalog(new DropTableOp(current.Id));
            ViewDependencies.RefuseBroken(views, context.Transaction, $"drop table {current.Name}");
        }
    }

    /// <summary>
    /// CREATE INDEX: the index is added to the catalog and an entry is written for every row the
    /// transaction sees; a unique index refuses to be built over duplicate values (23505).
    /// </summary>
    private static async Task<StatementResult> CreateIndexAsync(CreateIndexPlan plan, ExecutionContext context)
    {
        if (context.Transaction.RelationExists(plan.Index.SchemaName, plan.Index.Name))
        {
            if (plan.IfNotExists) return StatementResult.Command(0);
            throw new SqlException(SqlState.DuplicateTable, $"relation \"{plan.Index.Name}\" already exists");
        }
        long id = await context.Data.AllocateIdsAsync(2, context.CancellationToken);
        var index = plan.Index with { Id = id };
        await LockTableAsync(plan.Table, context);
        context.Transaction.DependOnKeySpace(plan.Table.Id); // a row committed concurrently must not be missing from the index
        var rows = await new TableReader(context).ReadMergedAsync(plan.Table, [], null, null);
        context.Transaction.ChangeCatalog(new CreateIndexOp(index, FirstAtomId: id + 1));
        try
        {
            await WriteIndexEntriesAsync(plan.Table, [index], [], rows.Select(r => r.Row).ToList(), context);
        }
        catch (SqlException e) when (e.SqlState == SqlState.UniqueViolation)
        {
            throw new SqlException(SqlState.UniqueViolation, $"could not create unique index \"{index.Name}\": {e.Message}");
        }
        return StatementResult.Command(0);
    }

    private static void DropIndexes(DropIndexPlan plan, ExecutionContext context)
    {
        foreach (var index in plan.Indexes) context.Transaction.ChangeCatalog(new DropIndexOp(index.Id));
    }

    private static async Task<StatementResult> CreateViewAsync(CreateViewPlan plan, ExecutionContext context)
    {
        if (context.Transaction.RelationExists(plan.View.SchemaName, plan.View.Name))
        {
            throw new SqlException(SqlState.DuplicateTable, $"relation \"{plan.View.Name}\" already exists");
        }
        long id = await context.Data.AllocateIdsAsync(1, context.CancellationToken);
        context.Transaction.ChangeCatalog(new CreateViewOp(plan.View with { Id = id }));
        return StatementResult.Command(0);
    }

    private static void DropViews(DropViewPlan plan, ExecutionContext context)
    {
        // A view another view reads may go (as SQLite allows; the sqllogictest corpus drops views in creation
        // order): the reading view then fails with 42P01 until it is created again.
        foreach (var view in plan.Views) context.Transaction.ChangeCatalog(new DropViewOp(view.Id));
    }

    /// <summary>
    /// ALTER TABLE: the definition changes in the catalog; ADD COLUMN and DROP COLUMN rewrite every row
    /// the transaction sees in the new layout, in the same transaction (a NOT NULL column added without
    /// a DEFAULT to a non-empty table is 23502); indexes on a dropped column are dropped with it.
    /// </summary>
    private static async Task<StatementResult> AlterTableAsync(BoundAlterTable alter, ExecutionContext context)
    {
        if (alter.Rewrite != RowRewrite.None)
        {
            await LockTableAsync(alter.Table, context);
            context.Transaction.DependOnKeySpace(alter.Table.Id);
        }
        var rows = alter.Rewrite == RowRewrite.None ? [] : await new TableReader(context).ReadMergedAsync(alter.Table, [], null, null);
        var views = ViewDependencies.Bindable(context.Transaction);
        foreach (var index in alter.DroppedIndexes) context.Transaction.ChangeCatalog(new DropIndexOp(index.Id));
        context.Transaction.ChangeCatalog(new AlterTableOp(alter.NewSchema, alter.Indexes));
        // Views keep their query text and do not follow renames yet: a rename or a dropped column a view reads is refused.
        ViewDependencies.RefuseBroken(views, context.Transaction, $"alter table {alter.Table.Name}");
        if (alter.Rewrite == RowRewrite.None) return StatementResult.Command(0);
        // A volatile DEFAULT (nextval) is evaluated for each existing row, as PostgreSQL does.
        bool perRow = alter.NewValue is not null && AsyncExpr.Within(alter.NewValue);
        var added = alter.NewValue is null || perRow ? Value.Null : alter.NewValue.Evaluate([], context.Eval);
        if (alter.Rewrite == RowRewrite.AddColumn && !perRow && added.IsNull && alter.NewSchema.Columns[alter.Ordinal].NotNull && rows.Count > 0)
        {
            throw new SqlException(SqlState.NotNullViolation,
                $"column \"{alter.NewSchema.Columns[alter.Ordinal].Name}\" of relation \"{alter.Table.Name}\" contains null values");
        }
        foreach (var (key, row) in rows)
        {
            var list = row.ToList();
            if (alter.Rewrite == RowRewrite.AddColumn) list.Insert(alter.Ordinal, perRow ? await SubqueryEvaluator.EvaluateAsync(alter.NewValue!, [], context) : added);
            else list.RemoveAt(alter.Ordinal);
            context.Transaction.Write(alter.Table.Id, key, RowCodec.Encode([.. list]));
        }
        return StatementResult.Command(0);
    }

    /// <summary>
    /// Before a DDL reads a whole committed table to rewrite it or index it, it locks the table's schema
    /// key at the sequencer. Every commit that writes the table reads that key, so from then on no write
    /// to the table is sequenced until the DDL commits (those writers then fail with 40001: their
    /// statements were planned for the old definition) or ends. The DDL still commits only if no row of
    /// the table was written after its read version (<see cref="Transaction.DependOnKeySpace"/>); so that
    /// it can, a transaction that has not used its snapshot yet moves it past every commit sequenced
    /// before the lock — an empty commit is acknowledged only after them. A table's schema key written
    /// after the read version (another DDL on it) is a conflict (40001): the statement was bound to the
    /// table's old definition.
    /// </summary>
    private static async Task LockTableAsync(TableSchema table, ExecutionContext context)
    {
        var transaction = context.Transaction;
        if (transaction.CommittedAtoms(table.Id) is null) return; // created by this transaction: nobody else writes it
        var cancellationToken = context.CancellationToken;
        if (transaction.Owner == 0) transaction.Owner = await context.Data.AllocateIdsAsync(1, cancellationToken);
        switch (await context.Data.LockAsync(transaction.Owner, transaction.ReadVersion, [Transaction.TableConflictKey(table.Id)], cancellationToken))
        {
            case LockResult.Written:
                throw new SqlException(SqlState.SerializationFailure, $"could not serialize access: table \"{table.Name}\" was changed concurrently");
            case LockResult.Deadlock:
                throw new SqlException(SqlState.DeadlockDetected, "deadlock detected");
        }
        if (!transaction.SnapshotUnused) return;
        long barrier = await context.Data.CommitAsync(new CommitRequest(transaction.ReadVersion, LogCodec.Encode([]), [], false), cancellationToken);
        await context.Data.WaitForVersionAsync(barrier, cancellationToken);
        var catalog = context.Data.CatalogAt(barrier)
            ?? throw new SqlException(SqlState.SerializationFailure, "could not serialize access: the catalog changed concurrently");
        transaction.Refresh(barrier, context.Data.AppliedVersion, catalog);
    }

    private static void CreateSchema(CreateSchemaPlan plan, ExecutionContext context)
    {
        if (context.Transaction.SchemaExists(plan.Name))
        {
            if (plan.IfNotExists) return;
            throw new SqlException(SqlState.DuplicateSchema, $"schema \"{plan.Name}\" already exists");
        }
        context.Transaction.ChangeCatalog(new CreateSchemaOp(plan.Name));
    }

    private static void DropSchemas(DropSchemaPlan plan, ExecutionContext context)
    {
        foreach (var name in plan.Names)
        {
            if (!context.Transaction.SchemaExists(name))
            {
                if (plan.IfExists) continue;
                throw new SqlException(SqlState.InvalidSchemaName, $"schema \"{name}\" does not exist");
            }
            if (name == CatalogSnapshot.DefaultSchema) throw new SqlException(SqlState.DependentObjectsStillExist, "cannot drop schema public");
            if (context.Transaction.AllTables.Any(t => t.SchemaName == name) || context.Transaction.AllViews.Any(v => v.SchemaName == name)
                || context.Transaction.Working.Sequences.Values.Any(s => s.Schema.SchemaName == name))
            {
                throw new SqlException(SqlState.DependentObjectsStillExist, $"cannot drop schema {name} because other objects depend on it");
            }
            context.Transaction.ChangeCatalog(new DropSchemaOp(name));
        }
    }
}
