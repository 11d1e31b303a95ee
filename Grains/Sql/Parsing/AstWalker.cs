namespace OrleansDb.Sql.Parsing;

/// <summary>Generic questions about expression trees: does any node (outside nested queries) match?</summary>
public static class AstWalker
{
    public static bool Any(Expr expr, Func<Expr, bool> predicate)
    {
        if (predicate(expr)) return true;
        return Children(expr).Any(child => Any(child, predicate));
    }

    /// <summary>The direct sub-expressions of a node; nested queries are not entered.</summary>
    public static IEnumerable<Expr> Children(Expr expr) => expr switch
    {
        UnaryExpr u => [u.Operand],
        BinaryExpr b => [b.Left, b.Right],
        IsExpr i => [i.Operand],
        IsDistinctExpr d => [d.Left, d.Right],
        BetweenExpr b => [b.Operand, b.Low, b.High],
        InListExpr i => [i.Operand, .. i.Items],
        InSubqueryExpr i => [i.Operand],
        LikeExpr l => l.Escape is null ? [l.Operand, l.Pattern] : [l.Operand, l.Pattern, l.Escape],
        QuantifiedExpr q => [q.Left],
        CaseExpr c => (c.Operand is null ? [] : new[] { c.Operand }).Concat(c.Whens.SelectMany(w => new[] { w.When, w.Then })).Concat(c.Else is null ? [] : [c.Else]),
        CastExpr c => [c.Operand],
        FunctionCallExpr f => f.Args,
        _ => [],
    };
}
