namespace OrleansDb.Sql.Expressions;

/// <summary>
/// A string that is equal for two expressions exactly when they compute the same thing from the same
/// input columns: the printed form with every column shown by its ordinal (two columns may share a name).
/// </summary>
public static class ExprFingerprint
{
    public static string Of(BoundExpr expr) => Rename(expr).ToString()!;

    private static BoundExpr Rename(BoundExpr expr)
    {
        switch (expr)
        {
            case ColumnExpr c:
                return new ColumnExpr(c.Ordinal, c.Type, $"#{c.Ordinal}:{c.Type.Name}");
            case OuterColumnExpr o:
                return new OuterColumnExpr(o.Depth, o.Ordinal, o.Type, $"#{o.Ordinal}:{o.Type.Name}");
        }
        var children = expr.Children;
        return children.Count == 0 ? expr : expr.WithChildren(children.Select(Rename).ToList());
    }
}
