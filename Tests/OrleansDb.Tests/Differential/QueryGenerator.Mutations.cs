using static OrleansDb.Tests.Differential.DifferentialSchema;

namespace OrleansDb.Tests.Differential;

public sealed partial class QueryGenerator
{
    /// <summary>
    /// An UPDATE of non-key columns to in-range literals or NULL, or a DELETE, under a random predicate
    /// (subqueries included) and a key filter that keeps it to a fifth of the table at most, so the data
    /// stays varied. It exercises index maintenance; the queries that follow read the result.
    /// </summary>
    public string NextMutation()
    {
        var table = Pick(T1, T2, T3);
        var scope = new Scope([new RangeVar(table.From, table)], null, 0, table.RowCount, true);
        string key = table == T3 ? "t3.m" : $"{table.From}.{table.Columns[0].Name}";
        string where = $"({key} % 5 = {_rng.Next(5)}) AND {Pred(scope, 2)}";
        if (Chance(0.3)) return $"DELETE FROM {table.From} WHERE {where}";
        var settable = table.Columns.Skip(table == T3 ? 2 : 1).ToArray();
        _rng.Shuffle(settable);
        var assignments = settable.Take(_rng.Next(1, 3)).Select(c => $"{c.Name} = {Value(c)}");
        return $"UPDATE {table.From} SET {string.Join(", ", assignments)} WHERE {where}";
    }

    private string Value(DiffColumn column) => Chance(0.15) ? "NULL"
        : column.Type == DiffType.Int ? IntLiteral(_rng.Next(-3, (int)column.Bound + 1))
        : TextLiteral(Word());
}
