using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Planning;

/// <summary>What a statement does, ready to execute.</summary>
public abstract record StatementPlan
{
    /// <summary>The plan as EXPLAIN prints it: one line per node, inputs indented below.</summary>
    public abstract IEnumerable<string> Explain();

    protected static string ReturningText(BoundReturning? returning) =>
        returning is null ? "" : $" returning {string.Join(", ", returning.Exprs)}";

    protected static IEnumerable<string> ExplainTree(PlanNode node, int depth = 0)
    {
        yield return (depth == 0 ? "" : new string(' ', depth * 2 - 2) + "-> ") + node.Describe();
        foreach (var input in node.Inputs)
        {
            foreach (var line in ExplainTree(input, depth + 1)) yield return line;
        }
    }
}

public sealed record QueryPlan(PlanNode Root) : StatementPlan
{
    public override IEnumerable<string> Explain() => ExplainTree(Root);
}

public sealed record InsertPlan(TableSchema Table, PlanNode Source, BoundOnConflict? OnConflict = null, BoundReturning? Returning = null) : StatementPlan
{
    public override IEnumerable<string> Explain() =>
        [$"Insert on {Table.Name}{ConflictText}{ReturningText(Returning)}", .. ExplainTree(Source, 1)];

    private string ConflictText => OnConflict switch
    {
        null => "",
        { Updates: null } => " on conflict do nothing",
        _ => " on conflict do update",
    };
}

/// <summary>
/// UPDATE: <see cref="Scan"/> returns full rows (with keys) of the candidate rows; <see cref="Residual"/>
/// (conditions with subqueries, which cannot run in an atom) picks the ones to change.
/// </summary>
public sealed record UpdatePlan(TableSchema Table, AtomScanPlan Scan, BoundExpr? Residual, IReadOnlyList<(int Ordinal, BoundExpr Value)> Assignments,
    PlanNode? From = null, BoundReturning? Returning = null) : StatementPlan
{
    public override IEnumerable<string> Explain() =>
    [
        $"Update on {Table.Name} set {string.Join(", ", Assignments.Select(a => $"{Table.Columns[a.Ordinal].Name} = {a.Value}"))}{(Residual is null ? "" : $" where {Residual}")}{ReturningText(Returning)}",
        .. ExplainTree(Scan, 1),
        .. From is null ? [] : ExplainTree(From, 1),
    ];
}

/// <summary>DELETE: like UPDATE, <see cref="Using"/> rows join the candidates through <see cref="Residual"/>.</summary>
public sealed record DeletePlan(TableSchema Table, AtomScanPlan Scan, BoundExpr? Residual, PlanNode? Using = null, BoundReturning? Returning = null) : StatementPlan
{
    public override IEnumerable<string> Explain() =>
        [$"Delete on {Table.Name}{(Residual is null ? "" : $" where {Residual}")}{ReturningText(Returning)}", .. ExplainTree(Scan, 1), .. Using is null ? [] : ExplainTree(Using, 1)];
}

public sealed record CreateTablePlan(TableSchema Table, bool IfNotExists, IReadOnlyList<SequenceSchema>? OwnedSequences = null) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Create Table {Table.Name}", .. (OwnedSequences ?? []).Select(s => $"  Create Sequence {s.Name}")];
}

public sealed record CreateSequencePlan(SequenceSchema Sequence, bool IfNotExists) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Create Sequence {Sequence.Name}"];
}

public sealed record DropSequencePlan(IReadOnlyList<SequenceSchema> Sequences) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Drop Sequence {string.Join(", ", Sequences.Select(s => s.Name))}"];
}

public sealed record DropTablePlan(IReadOnlyList<TableSchema> Tables, IReadOnlyList<string> Missing, bool IfExists) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Drop Table {string.Join(", ", Tables.Select(t => t.Name).Concat(Missing))}"];
}

public sealed record ExplainPlan(StatementPlan Inner) : StatementPlan
{
    public override IEnumerable<string> Explain() => Inner.Explain();
}

public sealed record CreateIndexPlan(IndexSchema Index, TableSchema Table, bool IfNotExists) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Create Index {Index.Name} on {Table.Name}"];
}

public sealed record DropIndexPlan(IReadOnlyList<IndexSchema> Indexes) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Drop Index {string.Join(", ", Indexes.Select(i => i.Name))}"];
}

public sealed record CreateViewPlan(ViewSchema View) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Create View {View.Name}"];
}

public sealed record DropViewPlan(IReadOnlyList<ViewSchema> Views) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Drop View {string.Join(", ", Views.Select(v => v.Name))}"];
}

public sealed record AlterTablePlan(BoundAlterTable Alter) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Alter Table {Alter.Table.Name}: {Alter.Rewrite}"];
}

public sealed record NothingPlan : StatementPlan
{
    public override IEnumerable<string> Explain() => ["Nothing"];
}

public sealed record CreateSchemaPlan(string Name, bool IfNotExists) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Create Schema {Name}"];
}

public sealed record DropSchemaPlan(IReadOnlyList<string> Names, bool IfExists) : StatementPlan
{
    public override IEnumerable<string> Explain() => [$"Drop Schema {string.Join(", ", Names)}"];
}
