using OrleansDb.Sql.Expressions;

namespace OrleansDb.Sql.Planning;

/// <summary>Rewrites the column references of an expression when the row it reads is laid out differently.</summary>
public static class ColumnRemapper
{
    public static BoundExpr Remap(BoundExpr expr, Func<int, int> ordinal)
    {
        if (expr is ColumnExpr c)
        {
            int mapped = ordinal(c.Ordinal);
            return mapped == c.Ordinal ? c : new ColumnExpr(mapped, c.Type, c.Name);
        }
        var children = expr.Children;
        if (children.Count == 0) return expr;
        var replaced = new BoundExpr[children.Count];
        bool changed = false;
        for (int i = 0; i < replaced.Length; i++)
        {
            replaced[i] = Remap(children[i], ordinal);
            changed |= !ReferenceEquals(replaced[i], children[i]);
        }
        return changed ? expr.WithChildren(replaced) : expr;
    }

    /// <summary>The input columns an expression reads (subqueries' own columns excluded).</summary>
    public static void CollectColumns(BoundExpr expr, HashSet<int> columns)
    {
        if (expr is ColumnExpr c) columns.Add(c.Ordinal);
        foreach (var child in expr.Children) CollectColumns(child, columns);
    }
}
