using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary>AND over any number of operands, three-valued: false wins, then NULL, then true.</summary>
public sealed class AndExpr(IReadOnlyList<BoundExpr> operands) : BoundExpr(SqlType.Boolean)
{
    public IReadOnlyList<BoundExpr> Operands { get; } = operands;

    public override IReadOnlyList<BoundExpr> Children => Operands;

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new AndExpr(children);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        bool sawNull = false;
        foreach (var operand in Operands)
        {
            var v = operand.Evaluate(row, context);
            if (v.IsNull) sawNull = true;
            else if (!v.AsBoolean) return Value.False;
        }
        return sawNull ? Value.Null : Value.True;
    }

    public override string ToString() => "(" + string.Join(" AND ", Operands) + ")";
}

/// <summary>OR over any number of operands, three-valued: true wins, then NULL, then false.</summary>
public sealed class OrExpr(IReadOnlyList<BoundExpr> operands) : BoundExpr(SqlType.Boolean)
{
    public IReadOnlyList<BoundExpr> Operands { get; } = operands;

    public override IReadOnlyList<BoundExpr> Children => Operands;

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new OrExpr(children);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        bool sawNull = false;
        foreach (var operand in Operands)
        {
            var v = operand.Evaluate(row, context);
            if (v.IsNull) sawNull = true;
            else if (v.AsBoolean) return Value.True;
        }
        return sawNull ? Value.Null : Value.False;
    }

    public override string ToString() => "(" + string.Join(" OR ", Operands) + ")";
}

public sealed class NotExpr(BoundExpr operand) : BoundExpr(SqlType.Boolean)
{
    public BoundExpr Operand { get; } = operand;

    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new NotExpr(children[0]);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var v = Operand.Evaluate(row, context);
        return v.IsNull ? v : Value.FromBoolean(!v.AsBoolean);
    }

    public override string ToString() => $"(NOT {Operand})";
}

/// <summary><c>x IS [NOT] NULL</c>, <c>x IS [NOT] TRUE|FALSE|UNKNOWN</c>: never NULL.</summary>
public sealed class IsExpr(BoundExpr operand, IsTest test, bool negated) : BoundExpr(SqlType.Boolean)
{
    public BoundExpr Operand { get; } = operand;

    public IsTest Test { get; } = test;

    public bool Negated { get; } = negated;

    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new IsExpr(children[0], Test, Negated);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var v = Operand.Evaluate(row, context);
        bool result = Test switch
        {
            IsTest.Null => v.IsNull,
            IsTest.True => !v.IsNull && v.AsBoolean,
            _ => !v.IsNull && !v.AsBoolean,
        };
        return Value.FromBoolean(result != Negated);
    }

    public override string ToString() => $"({Operand} IS {(Negated ? "NOT " : "")}{Test.ToString().ToUpperInvariant()})";
}

public enum IsTest : byte { Null, True, False }

/// <summary><c>a IS [NOT] DISTINCT FROM b</c>: equality where NULL equals NULL; never NULL.</summary>
public sealed class IsDistinctExpr(BoundExpr left, BoundExpr right, bool negated) : BoundExpr(SqlType.Boolean)
{
    public BoundExpr Left { get; } = left;

    public BoundExpr Right { get; } = right;

    public bool Negated { get; } = negated;

    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new IsDistinctExpr(children[0], children[1], Negated);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var a = Left.Evaluate(row, context);
        var b = Right.Evaluate(row, context);
        bool distinct = a.IsNull != b.IsNull || (!a.IsNull && Value.Compare(a, b) != 0);
        return Value.FromBoolean(distinct != Negated);
    }

    public override string ToString() => $"({Left} IS {(Negated ? "NOT " : "")}DISTINCT FROM {Right})";
}
