using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary>
/// What an expression may read besides its row: the statement's parameters and, inside a correlated
/// subquery, the rows of the enclosing queries.
/// </summary>
public sealed class EvalContext
{
    public static readonly EvalContext Empty = new([]);

    public EvalContext(IReadOnlyList<Value> parameters, Value[]? outerRow = null, EvalContext? outer = null, DateTime? now = null)
    {
        Parameters = parameters;
        OuterRow = outerRow;
        Outer = outer;
        Now = now ?? outer?.Now ?? DateTime.UtcNow;
    }

    public IReadOnlyList<Value> Parameters { get; }

    /// <summary>The transaction's start time: what now() and current_timestamp return throughout it.</summary>
    public DateTime Now { get; }

    /// <summary>The current row of the immediately enclosing query (for depth-1 outer references).</summary>
    public Value[]? OuterRow { get; }

    /// <summary>The enclosing query's own context (for deeper outer references).</summary>
    public EvalContext? Outer { get; }

    /// <summary>The context for a subquery evaluated for <paramref name="row"/> of this query.</summary>
    public EvalContext WithOuterRow(Value[] row) => new(Parameters, row, this);
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

    /// <summary>
    /// True for expressions that read the database while evaluated (subqueries, nextval): they run only
    /// through the asynchronous evaluator, which replaces them by their values first.
    /// </summary>
    public virtual bool IsAsync => false;

    /// <summary>True when the expression reads no column and nothing that changes while it runs (parameters allowed).</summary>
    public bool IsConstant => this is not ColumnExpr && !IsAsync && Children.All(c => c.IsConstant);

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

/// <summary>A column of an enclosing query's current row (a correlated reference), <see cref="Depth"/> scopes out.</summary>
public sealed class OuterColumnExpr(int depth, int ordinal, SqlType type, string name) : BoundExpr(type)
{
    public int Depth { get; } = depth;

    public int Ordinal { get; } = ordinal;

    public string Name { get; } = name;

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var c = context;
        for (int i = 1; i < Depth; i++) c = c.Outer ?? throw new InvalidOperationException("no enclosing row");
        return (c.OuterRow ?? throw new InvalidOperationException("no enclosing row"))[Ordinal];
    }

    public override IReadOnlyList<BoundExpr> Children => [];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => this;

    public override string ToString() => $"outer{Depth}.{Name}";
}

public enum ClockKind : byte { Timestamp, Date }

/// <summary>now() / current_timestamp / current_date: the transaction's start time (UTC), fixed for the whole transaction.</summary>
public sealed class ClockExpr(ClockKind kind) : BoundExpr(kind == ClockKind.Date ? SqlType.Date : SqlType.Timestamp)
{
    public ClockKind Kind { get; } = kind;

    public override Value Evaluate(Value[] row, EvalContext context) => Kind == ClockKind.Date
        ? Value.FromDate(DateTimeText.DaysSinceEpoch(context.Now))
        : Value.FromTimestamp(DateTimeText.Micros(context.Now));

    public override IReadOnlyList<BoundExpr> Children => [];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => this;

    public override string ToString() => Kind == ClockKind.Date ? "current_date" : "now()";
}
