using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Binding;

/// <summary>
/// PostgreSQL's type resolution, reduced to the engine's types: untyped literals take the type their
/// context needs; integers widen smallint → integer → bigint; any float makes the result double
/// precision (real op real stays real); strings compare with strings; everything else is an error.
/// </summary>
public static class TypeRules
{
    /// <summary>Converts an expression to <paramref name="target"/>, folding untyped literals now.</summary>
    public static BoundExpr Coerce(BoundExpr expr, SqlType target, int offset)
    {
        if (expr.Type == target || target.Id == SqlTypeId.Unknown) return expr;
        if (expr is ConstantExpr constant)
        {
            try
            {
                return new ConstantExpr(Casts.Coerce(constant.Value, target), target);
            }
            catch (SqlException e)
            {
                throw e.WithPosition(offset + 1);
            }
        }
        if (expr is ParameterExpr parameter && parameter.Type.Id == SqlTypeId.Unknown)
        {
            return new ParameterExpr(parameter.Index, target);
        }
        return new CastExpr(expr, target, false);
    }

    public static int Rank(SqlType t) => t.Id switch
    {
        SqlTypeId.SmallInt => 1,
        SqlTypeId.Integer => 2,
        SqlTypeId.BigInt => 3,
        SqlTypeId.Numeric => 4,
        SqlTypeId.Real => 5,
        SqlTypeId.Double => 6,
        _ => 0,
    };

    /// <summary>The result type of arithmetic on two numeric types, or null when they are not both numeric.</summary>
    public static SqlType? ArithmeticResult(SqlType left, SqlType right)
    {
        if (left.Id == SqlTypeId.Unknown && right.Id == SqlTypeId.Unknown) return null;
        if (left.Id == SqlTypeId.Unknown) left = right.IsNumeric ? right : left;
        if (right.Id == SqlTypeId.Unknown) right = left.IsNumeric ? left : right;
        if (!left.IsNumeric || !right.IsNumeric) return null;
        if (left.IsInteger && right.IsInteger) return Rank(left) >= Rank(right) ? left : right;
        if (left.IsFloat || right.IsFloat)
        {
            return left.Id == SqlTypeId.Real && right.Id == SqlTypeId.Real ? SqlType.Real : SqlType.Double;
        }
        return SqlType.Numeric;
    }

    /// <summary>The type both sides of a comparison are brought to, or null when they cannot be compared.</summary>
    public static SqlType? ComparisonType(SqlType left, SqlType right)
    {
        if (left.Id == SqlTypeId.Unknown && right.Id == SqlTypeId.Unknown) return SqlType.Text;
        if (left.Id == SqlTypeId.Unknown) return right;
        if (right.Id == SqlTypeId.Unknown) return left;
        if (left.IsNumeric && right.IsNumeric) return Rank(left) >= Rank(right) ? Unconstrained(left) : Unconstrained(right);
        if (left.IsString && right.IsString) return SqlType.Text;
        if (left.IsDateTime && right.IsDateTime) return left.Id == right.Id ? left : SqlType.Timestamp;
        if (left.Id == right.Id) return left;
        return null;
    }

    /// <summary>
    /// The common type of the branches of CASE, COALESCE, VALUES columns and set operations: all
    /// unknown → text; numbers → the widest; strings → text; otherwise every branch must agree.
    /// </summary>
    public static SqlType? CommonType(IEnumerable<SqlType> types)
    {
        SqlType? result = null;
        foreach (var t in types)
        {
            if (t.Id == SqlTypeId.Unknown) continue;
            if (result is null)
            {
                result = t;
                continue;
            }
            var r = result.Value;
            if (r == t) continue;
            if (r.IsNumeric && t.IsNumeric) result = Unconstrained(Rank(t) > Rank(r) ? t : r);
            else if (r.IsString && t.IsString) result = SqlType.Text;
            else if (r.IsDateTime && t.IsDateTime) result = SqlType.Timestamp;
            else return null;
        }
        return result ?? SqlType.Text;
    }

    /// <summary>A NUMERIC without its precision and scale (the type of an expression mixing numerics).</summary>
    private static SqlType Unconstrained(SqlType t) => t.IsDecimal ? SqlType.Numeric : t;

    /// <summary>The SQL type a TYPE name denotes, as CREATE TABLE and CAST read it.</summary>
    public static SqlType FromTypeName(Parsing.TypeName name)
    {
        int Modifier(int i) => name.Modifiers.Count > i ? name.Modifiers[i] : 0;
        switch (name.Name)
        {
            case "int" or "integer" or "int4":
                return SqlType.Integer;
            case "bigint" or "int8":
                return SqlType.BigInt;
            case "smallint" or "int2":
                return SqlType.SmallInt;
            case "real" or "float4":
                return SqlType.Real;
            case "double precision" or "float8":
                return SqlType.Double;
            case "float":
                return name.Modifiers.Count > 0 && Modifier(0) <= 24 ? SqlType.Real : SqlType.Double;
            case "text":
                return SqlType.Text;
            case "varchar" or "character varying":
                if (name.Modifiers.Count > 0 && Modifier(0) < 1)
                {
                    throw new SqlException(SqlState.InvalidParameterValue, "length for type varchar must be at least 1", name.Offset + 1);
                }
                return SqlType.Varchar(Modifier(0));
            case "boolean" or "bool":
                return SqlType.Boolean;
            case "numeric" or "decimal":
                {
                    if (name.Modifiers.Count == 0) return SqlType.Numeric;
                    int precision = Modifier(0), scale = Modifier(1);
                    if (precision is < 1 or > 1000)
                    {
                        throw new SqlException(SqlState.InvalidParameterValue, $"NUMERIC precision {precision} must be between 1 and 1000", name.Offset + 1);
                    }
                    if (scale < 0 || scale > precision)
                    {
                        throw new SqlException(SqlState.InvalidParameterValue, $"NUMERIC scale {scale} must be between 0 and precision {precision}", name.Offset + 1);
                    }
                    return SqlType.NumericOf(precision, scale);
                }
            case "date":
                return SqlType.Date;
            case "timestamp" or "timestamptz":
                return SqlType.Timestamp;
            case "bytea":
                return SqlType.Bytea;
            case "interval" or "time" or "timetz":
                throw new SqlException(SqlState.FeatureNotSupported, $"type {(name.Name == "timetz" ? "time with time zone" : name.Name)} is not supported", name.Offset + 1);
            default:
                throw new SqlException(SqlState.UndefinedObjectType, $"type \"{name}\" does not exist", name.Offset + 1);
        }
    }
}
