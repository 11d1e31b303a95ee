using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary>What an expression may read besides its row: the statement's parameters and clock.</summary>
public sealed class EvalContext
{
    public static readonly EvalContext Empty = new([]);

    public EvalContext(IReadOnlyList<Value> parameters)
    {
        Parameters = parameters;
    }

    public IReadOnlyList<Value> Parameters { get; }
}

/// <summary>
/// A bound, typed expression over an input row (a <c>Value[]</c> laid out as the input operator's
/// columns). Evaluation follows PostgreSQL: NULL propagates, AND/OR are three-valued, integer
/// arithmetic is checked against its type's range (22003) and division by zero is an error (22012).
/// </summary>
public abstract class BoundExpr
{
    protected BoundExpr(SqlType type)
    {
        Type = type;
    }

    public SqlType Type { get; }

    public abstract Value Evaluate(Value[] row, EvalContext context);

    /// <summary>The direct sub-expressions, for rewrites and analysis.</summary>
    public abstract IReadOnlyList<BoundExpr> Children { get; }

    /// <summary>A copy with the given children, in <see cref="Children"/> order.</summary>
    public abstract BoundExpr WithChildren(IReadOnlyList<BoundExpr> children);

    /// <summary>True when the expression reads no column (it may still read parameters).</summary>
    public bool IsConstant => this is not ColumnExpr && Children.All(c => c.IsConstant);

    /// <summary>Evaluates to a boolean where NULL counts as false, as WHERE and ON do.</summary>
    public bool IsTrue(Value[] row, EvalContext context)
    {
        var v = Evaluate(row, context);
        return v.Kind == ValueKind.Boolean && v.AsBoolean;
    }
}

/// <summary>A column of the input row, by ordinal.</summary>
public sealed class ColumnExpr(int ordinal, SqlType type, string name) : BoundExpr(type)
{
    public int Ordinal { get; } = ordinal;

    public string Name { get; } = name;

    public override Value Evaluate(Value[] row, EvalContext context) => row[Ordinal];

    public override IReadOnlyList<BoundExpr> Children => [];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => this;

    public override string ToString() => Name;
}

public sealed class ConstantExpr(Value value, SqlType type) : BoundExpr(type)
{
    public Value Value { get; } = value;

    public override Value Evaluate(Value[] row, EvalContext context) => Value;

    public override IReadOnlyList<BoundExpr> Children => [];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => this;

    public override string ToString() => Value.Kind switch
    {
        ValueKind.Text => $"'{Value.AsText.Replace("'", "''", StringComparison.Ordinal)}'",
        _ => Value.ToString(),
    };
}

/// <summary>A statement parameter ($n, 1-based), already coerced to <see cref="BoundExpr.Type"/>.</summary>
public sealed class ParameterExpr(int index, SqlType type) : BoundExpr(type)
{
    public int Index { get; } = index;

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        if (Index > context.Parameters.Count)
        {
            throw new SqlException(SqlState.UndefinedParameter, $"there is no parameter ${Index}");
        }
        return Casts.Coerce(context.Parameters[Index - 1], Type);
    }

    public override IReadOnlyList<BoundExpr> Children => [];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => this;

    public override string ToString() => $"${Index}";
}
