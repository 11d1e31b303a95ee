using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Expressions;

public enum ArithmeticOp : byte { Add, Subtract, Multiply, Divide, Modulo, Power }

/// <summary>
/// Binary arithmetic. Both operands are already of the result's kind (the binder inserted casts):
/// integers use checked arithmetic bounded by the result type's range; integer division truncates
/// toward zero; floats follow IEEE except that division by zero is an error, as in PostgreSQL.
/// </summary>
public sealed class ArithmeticExpr(ArithmeticOp op, BoundExpr left, BoundExpr right, SqlType type) : BoundExpr(type)
{
    public ArithmeticOp Op { get; } = op;

    public BoundExpr Left { get; } = left;

    public BoundExpr Right { get; } = right;

    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new ArithmeticExpr(Op, children[0], children[1], Type);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var a = Left.Evaluate(row, context);
        if (a.IsNull) return Value.Null;
        var b = Right.Evaluate(row, context);
        if (b.IsNull) return Value.Null;
        return Type.Id switch
        {
            SqlTypeId.SmallInt or SqlTypeId.Integer or SqlTypeId.BigInt => Value.FromInteger(Integer(a.AsInteger, b.AsInteger)),
            SqlTypeId.Numeric => Value.FromNumeric(Numeric(a.ToDecimal(), b.ToDecimal())),
            _ => Value.FromFloat(Float(a.ToDouble(), b.ToDouble())),
        };
    }

    private decimal Numeric(decimal a, decimal b)
    {
        try
        {
            return Op switch
            {
                ArithmeticOp.Add => a + b,
                ArithmeticOp.Subtract => a - b,
                ArithmeticOp.Multiply => a * b,
                ArithmeticOp.Divide => NumericMath.Divide(a, b),
                ArithmeticOp.Modulo => b == 0 ? throw SqlException.DivisionByZero() : a % b,
                _ => NumericMath.Power(a, b),
            };
        }
        catch (OverflowException)
        {
            throw new SqlException(SqlState.NumericValueOutOfRange, "value overflows numeric format");
        }
    }

    /// <summary>NUMERIC division at PostgreSQL's result scale (<see cref="NumericMath.Divide"/>); avg() divides with it too.</summary>
    public static decimal DivideNumeric(decimal a, decimal b) => NumericMath.Divide(a, b);

    private long Integer(long a, long b)
    {
        long r;
        try
        {
            r = Op switch
            {
                ArithmeticOp.Add => checked(a + b),
                ArithmeticOp.Subtract => checked(a - b),
                ArithmeticOp.Multiply => checked(a * b),
                ArithmeticOp.Divide => b == 0 ? throw SqlException.DivisionByZero() : (b == -1 ? checked(-a) : a / b),
                ArithmeticOp.Modulo => b == 0 ? throw SqlException.DivisionByZero() : (b == -1 ? 0 : a % b),
                ArithmeticOp.Power => IntegerPower(a, b),
                _ => throw new InvalidOperationException(Op.ToString()),
            };
        }
        catch (OverflowException)
        {
            throw SqlException.OutOfRange(Type.Name);
        }
        var (min, max) = Type.IntegerRange;
        if (r < min || r > max) throw SqlException.OutOfRange(Type.Name);
        return r;
    }

    private static long IntegerPower(long a, long b)
    {
        if (b < 0) throw new SqlException(SqlState.InvalidParameterValue, "a negative integer power is not an integer");
        long result = 1;
        for (long i = 0; i < b; i++)
        {
            result = checked(result * a);
            if (result == 0 || result == 1) break;
        }
        return result;
    }

    private double Float(double a, double b)
    {
        double r = Op switch
        {
            ArithmeticOp.Add => a + b,
            ArithmeticOp.Subtract => a - b,
            ArithmeticOp.Multiply => a * b,
            ArithmeticOp.Divide => b == 0 ? throw SqlException.DivisionByZero() : a / b,
            ArithmeticOp.Modulo => b == 0 ? throw SqlException.DivisionByZero() : a % b,
            ArithmeticOp.Power => FloatMath.Power(a, b),
            _ => throw new InvalidOperationException(Op.ToString()),
        };
        if (double.IsInfinity(r) && !double.IsInfinity(a) && !double.IsInfinity(b))
        {
            throw new SqlException(SqlState.NumericValueOutOfRange, "value out of range: overflow");
        }
        if (Type.Id == SqlTypeId.Real)
        {
            float f = (float)r;
            if (float.IsInfinity(f) && !double.IsInfinity(a) && !double.IsInfinity(b)) throw new SqlException(SqlState.NumericValueOutOfRange, "value out of range: overflow");
            r = f;
        }
        return r;
    }

    public static string Symbol(ArithmeticOp op) => op switch
    {
        ArithmeticOp.Add => "+",
        ArithmeticOp.Subtract => "-",
        ArithmeticOp.Multiply => "*",
        ArithmeticOp.Divide => "/",
        ArithmeticOp.Modulo => "%",
        _ => "^",
    };

    public override string ToString() => $"({Left} {Symbol(Op)} {Right})";
}

/// <summary>Unary minus, checked against the type's range.</summary>
public sealed class NegateExpr(BoundExpr operand) : BoundExpr(operand.Type)
{
    public BoundExpr Operand { get; } = operand;

    public override IReadOnlyList<BoundExpr> Children => [Operand];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new NegateExpr(children[0]);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var v = Operand.Evaluate(row, context);
        if (v.IsNull) return v;
        if (v.Kind == ValueKind.Float) return Value.FromFloat(-v.AsFloat);
        if (v.Kind == ValueKind.Numeric) return Value.FromNumeric(-v.AsNumeric);
        var (min, _) = Type.IntegerRange;
        if (v.AsInteger == min) throw SqlException.OutOfRange(Type.Name);
        return Value.FromInteger(-v.AsInteger);
    }

    public override string ToString() => $"(-{Operand})";
}

/// <summary>date ± days (a date), and date - date (the days between, an integer).</summary>
public sealed class DateArithmeticExpr(ArithmeticOp op, BoundExpr left, BoundExpr right, SqlType type) : BoundExpr(type)
{
    public ArithmeticOp Op { get; } = op;

    public BoundExpr Left { get; } = left;

    public BoundExpr Right { get; } = right;

    public override IReadOnlyList<BoundExpr> Children => [Left, Right];

    public override BoundExpr WithChildren(IReadOnlyList<BoundExpr> children) => new DateArithmeticExpr(Op, children[0], children[1], Type);

    public override Value Evaluate(Value[] row, EvalContext context)
    {
        var a = Left.Evaluate(row, context);
        if (a.IsNull) return Value.Null;
        var b = Right.Evaluate(row, context);
        if (b.IsNull) return Value.Null;
        if (b.Kind == ValueKind.Date) return Value.FromInteger(a.AsDays - b.AsDays);
        long days = Op == ArithmeticOp.Add ? a.AsDays + b.AsInteger : a.AsDays - b.AsInteger;
        return Value.FromDate(days);
    }

    public override string ToString() => $"({Left} {ArithmeticExpr.Symbol(Op)} {Right})";
}
