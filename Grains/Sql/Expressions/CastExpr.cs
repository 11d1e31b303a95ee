using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

/// <summary>A conversion to <see cref="BoundExpr.Type"/>: explicit (CAST, ::) or inserted by the binder.</summary>
public sealed class CastExpr(BoundExpr operand, SqlType type, bool isExplicit) : BoundExpr(type)
{
    public BoundExpr Operand { get; } = operand;

    public bool IsExplicit { get; } = isExplicit;

    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new CastExpr(children[0], Type, IsExplicit);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var v = Operand.Evaluate(row, context);
        return IsExplicit ? Casts.Cast(v, Type, Operand.Type) : Casts.Coerce(v, Type);
    }

    public override string ToString() => $"{Operand}::{Type.Name}";
}

/// <summary>Searched CASE: the first WHEN that is true gives the result; else ELSE or NULL.</summary>
public sealed class CaseExpr(IReadOnlyList<(BoundExpr When, BoundExpr Then)> whens, BoundExpr? elseExpr, SqlType type) : BoundExpr(type)
{
    public IReadOnlyList<(BoundExpr When, BoundExpr Then)> Whens { get; } = whens;

    public BoundExpr? Else { get; } = elseExpr;

    public override IReadOnlyList<BoundExpr> Children
    {
        get
        {
            var list = new List<BoundExpr>(Whens.Count * 2 + 1);
            foreach (var (when, then) in Whens)
            {
                list.Add(when);
                list.Add(then);
            }
            if (Else is not null) list.Add(Else);
            return list;
        }
    }

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children)
    {
        var whens = new List<(BoundExpr, BoundExpr)>();
        for (int i = 0; i < Whens.Count; i++) whens.Add((children[2 * i], children[2 * i + 1]));
        return new CaseExpr(whens, Else is null ? null : children[^1], Type);
    }

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        foreach (var (when, then) in Whens)
        {
            if (when.IsTrue(row, context)) return then.Evaluate(row, context);
        }
        return Else?.Evaluate(row, context) ?? Value.Null;
    }

    public override string ToString() =>
        "CASE " + string.Join(' ', Whens.Select(w => $"WHEN {w.When} THEN {w.Then}")) + (Else is null ? "" : $" ELSE {Else}") + " END";
}

/// <summary>COALESCE: the first non-NULL argument.</summary>
public sealed class CoalesceExpr(IReadOnlyList<BoundExpr> args, SqlType type) : BoundExpr(type)
{
    public IReadOnlyList<BoundExpr> Args { get; } = args;

    public override IReadOnlyList<BoundExpr> Children => Args;

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new CoalesceExpr(children, Type);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        foreach (var arg in Args)
        {
            var v = arg.Evaluate(row, context);
            if (!v.IsNull) return v;
        }
        return Value.Null;
    }

    public override string ToString() => $"COALESCE({string.Join(", ", Args)})";
}

/// <summary><c>x [NOT] IN (a, b, ...)</c> with SQL's NULL rules: no match and a NULL item gives NULL.</summary>
public sealed class InListExpr(BoundExpr operand, IReadOnlyList<BoundExpr> items, bool negated) : BoundExpr(SqlType.Boolean)
{
    public BoundExpr Operand { get; } = operand;

    public IReadOnlyList<BoundExpr> Items { get; } = items;

    public bool Negated { get; } = negated;

    public override IReadOnlyList<BoundExpr> Children => [Operand, .. Items];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new InListExpr(children[0], children.Skip(1).ToList(), Negated);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var v = Operand.Evaluate(row, context);
        if (v.IsNull) return Value.Null;
        bool sawNull = false;
        foreach (var item in Items)
        {
            var x = item.Evaluate(row, context);
            if (x.IsNull) sawNull = true;
            else if (Value.Compare(v, x) == 0) return Value.FromBoolean(!Negated);
        }
        return sawNull ? Value.Null : Value.FromBoolean(Negated);
    }

    public override string ToString() => $"({Operand} {(Negated ? "NOT IN" : "IN")} ({string.Join(", ", Items)}))";
}
