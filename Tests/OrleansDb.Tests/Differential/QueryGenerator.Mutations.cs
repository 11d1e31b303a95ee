using static OrleansDb.Tests.Differential.DifferentialSchema;

namespace OrleansDb.Tests.Differential;

public sealed partial class QueryGenerator
{
    /// <summary>
    /// An UPDATE of non-key columns to in-range literals or NULL, or a DELETE of at most a fifth of a
    /// table, under a random predicate (subqueries included): it exercises index maintenance, and the
    /// queries that follow read the result.
    /// </summary>
    public string NextMutation()
    {
        var table = Pick(T1, T2, T3);
        var scope = new Scope([new RangeVar(table.From, table)], null, 0, true);
        string where = Pred(scope, 2);
        if (Chance(0.3))
        {
            string key = table == T3 ? "t3.m" : $"{table.From}.{table.Columns[0].Name}";
            return $"DELETE FROM {table.From} WHERE ({key} % 5 = {_rng.Next(5)}) AND {where}";
        }
        var settable = table.Columns.Skip(table == T3 ? 2 : 1).ToArray();
        _rng.Shuffle(settable);
        var assignments = settable.Take(_rng.Next(1, 3)).Select(c => $"{c.Name} = {Value(c)}");
        return $"UPDATE {table.From} SET {string.Join(", ", assignments)} WHERE {where}";
    }

    private string Value(DiffColumn column) => Chance(0.15) ? "NULL"
        : column.Type == DiffType.Int ? IntLiteral(_rng.Next(-3, (int)column.Bound + 1))
        : TextLiteral(Word());
}
