using System.Globalization;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using BoundCase = OrleansDb.Sql.Expressions.CaseExpr;
using BoundCast = OrleansDb.Sql.Expressions.CastExpr;
using BoundIs = OrleansDb.Sql.Expressions.IsExpr;
using BoundIsDistinct = OrleansDb.Sql.Expressions.IsDistinctExpr;
using BoundInList = OrleansDb.Sql.Expressions.InListExpr;
using BoundLike = OrleansDb.Sql.Expressions.LikeExpr;
using BoundParameter = OrleansDb.Sql.Expressions.ParameterExpr;
using SyntaxCase = OrleansDb.Sql.Parsing.CaseExpr;
using SyntaxCast = OrleansDb.Sql.Parsing.CastExpr;
using SyntaxIs = OrleansDb.Sql.Parsing.IsExpr;
using SyntaxIsDistinct = OrleansDb.Sql.Parsing.IsDistinctExpr;
using SyntaxInList = OrleansDb.Sql.Parsing.InListExpr;
using SyntaxLike = OrleansDb.Sql.Parsing.LikeExpr;
using SyntaxParameter = OrleansDb.Sql.Parsing.ParameterExpr;
using BoundSubquery = OrleansDb.Sql.Expressions.SubqueryExpr;
using SyntaxSubquery = OrleansDb.Sql.Parsing.SubqueryExpr;

namespace OrleansDb.Sql.Binding;

public sealed partial class Binder
{
    /// <summary>Binds an expression over <paramref name="scope"/> (null: no columns are visible).</summary>
    public BoundExpr BindExpr(Expr expr, BindScope? scope)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                return BindLiteral(literal);
            case ColumnRefExpr column:
                {
                    if (scope is null)
                    {
                        throw new SqlException(SqlState.UndefinedColumn, $"column \"{column}\" does not exist", column.Offset + 1);
                    }
                    if (column.Parts.Count > 3) throw SqlException.Syntax($"improper qualified name (too many dotted names): {column}", column.Offset);
                    var (found, depth) = scope.ResolveWithOuter(column.Qualifier, column.Column, column.Offset);
                    return BindScope.ValueOf(found, depth);
                }
            case SyntaxParameter parameter:
                {
                    if (parameter.Index > _parameters.Count)
                    {
                        throw new SqlException(SqlState.UndefinedParameter, $"there is no parameter ${parameter.Index}", parameter.Offset + 1);
                    }
                    return new BoundParameter(parameter.Index, ParameterType(_parameters[parameter.Index - 1]));
                }
            case UnaryExpr unary:
                return BindUnary(unary, scope);
            case BinaryExpr binary:
                return BindBinary(binary, scope);
            case SyntaxIs isExpr:
                {
                    var operand = BindExpr(isExpr.Operand, scope);
                    if (isExpr.What == "null") return new BoundIs(operand, IsTest.Null, isExpr.Negated);
                    operand = RequireBoolean(operand, "IS " + isExpr.What.ToUpperInvariant(), isExpr.Operand.Offset);
                    return isExpr.What switch
                    {
                        "true" => new BoundIs(operand, IsTest.True, isExpr.Negated),
                        "false" => new BoundIs(operand, IsTest.False, isExpr.Negated),
                        _ => new BoundIs(operand, IsTest.Null, isExpr.Negated),
                    };
                }
            case SyntaxIsDistinct distinct:
                {
                    var (left, right) = BindComparable(distinct.Left, distinct.Right, scope, "=", distinct.Offset);
                    return new BoundIsDistinct(left, right, distinct.Negated);
                }
            case BetweenExpr between:
                return BindBetween(between, scope);
            case SyntaxInList inList:
                return BindInList(inList, scope);
            case SyntaxLike like:
                {
                    var operand = BindExpr(like.Operand, scope);
                    var pattern = BindExpr(like.Pattern, scope);
                    if (!(operand.Type.IsString || operand.Type.Id == SqlTypeId.Unknown) || !(pattern.Type.IsString || pattern.Type.Id == SqlTypeId.Unknown))
                    {
                        throw NoOperator(like.CaseInsensitive ? "~~*" : "~~", operand.Type, pattern.Type, like.Offset);
                    }
                    operand = TypeRules.Coerce(operand, SqlType.Text, like.Operand.Offset);
                    pattern = TypeRules.Coerce(pattern, SqlType.Text, like.Pattern.Offset);
                    if (like.Escape is not null) throw SqlException.NotSupported("LIKE ... ESCAPE");
                    return new BoundLike(operand, pattern, like.CaseInsensitive, like.Negated);
                }
            case SyntaxCase caseExpr:
                return BindCase(caseExpr, scope);
            case SyntaxCast cast:
                {
                    var operand = BindExpr(cast.Operand, scope);
                    var target = TypeRules.FromTypeName(cast.Type);
                    if (operand is ConstantExpr constant)
                    {
                        try
                        {
                            return new ConstantExpr(Casts.Cast(constant.Value, target, constant.Type), target);
                        }
                        catch (SqlException e)
                        {
                            throw e.WithPosition(cast.Operand.Offset + 1);
                        }
                    }
                    return operand.Type == target ? operand : new BoundCast(operand, target, true);
                }
            case FunctionCallExpr call:
                return BindFunction(call, scope);
            case StarExpr star:
                throw SqlException.Syntax("\"*\" is not allowed here", star.Offset);
            case DefaultExpr def:
                throw SqlException.Syntax("DEFAULT is not allowed in this context", def.Offset);
            case SyntaxSubquery or ExistsExpr or InSubqueryExpr or QuantifiedExpr:
                return BindSubquery(expr, scope);
            default:
                throw SqlException.NotSupported(expr.GetType().Name);
        }
    }

    private static SqlType ParameterType(Value value) => value.Kind switch
    {
        ValueKind.Integer => SqlType.BigInt,
        ValueKind.Float => SqlType.Double,
        ValueKind.Boolean => SqlType.Boolean,
        ValueKind.Numeric => SqlType.Numeric,
        ValueKind.Date => SqlType.Date,
        ValueKind.Timestamp => SqlType.Timestamp,
        ValueKind.Bytes => SqlType.Bytea,
        _ => SqlType.Unknown, // text and NULL parameters take the type their context needs
    };

    private static BoundExpr BindLiteral(LiteralExpr literal)
    {
        switch (literal.Kind)
        {
            case LiteralKind.Null:
                return new ConstantExpr(Value.Null, SqlType.Unknown);
            case LiteralKind.Boolean:
                return new ConstantExpr(Value.FromBoolean(literal.Text == "true"), SqlType.Boolean);
            case LiteralKind.String:
                return new ConstantExpr(Value.FromText(literal.Text), SqlType.Unknown);
            case LiteralKind.Integer:
                if (long.TryParse(literal.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long i))
                {
                    return new ConstantExpr(Value.FromInteger(i), i is >= int.MinValue and <= int.MaxValue ? SqlType.Integer : SqlType.BigInt);
                }
                return NumericLiteral(literal.Text);
            default:
                return NumericLiteral(literal.Text);
        }
    }

    /// <summary>A number with a point or exponent (or too big for bigint) is NUMERIC, as in PostgreSQL.</summary>
    private static ConstantExpr NumericLiteral(string text)
    {
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d)) return new ConstantExpr(Value.FromNumeric(d), SqlType.Numeric);
        return new ConstantExpr(Value.FromFloat(double.Parse(text, CultureInfo.InvariantCulture)), SqlType.Double);
    }

    private BoundExpr BindUnary(UnaryExpr unary, BindScope? scope)
    {
        var operand = BindExpr(unary.Operand, scope);
        switch (unary.Op)
        {
            case "not":
                return new NotExpr(RequireBoolean(operand, "NOT", unary.Operand.Offset));
            case "+" or "-":
                if (operand.Type.Id == SqlTypeId.Unknown) operand = TypeRules.Coerce(operand, SqlType.Double, unary.Operand.Offset);
                if (!operand.Type.IsNumeric)
                {
                    throw new SqlException(SqlState.UndefinedFunction, $"operator does not exist: {unary.Op} {operand.Type.Name}", unary.Offset + 1);
                }
                if (unary.Op == "+") return operand;
                if (operand is ConstantExpr c && !c.Value.IsNull)
                {
                    return new ConstantExpr(new NegateExpr(c).Evaluate([], EvalContext.Empty), c.Type);
                }
                return new NegateExpr(operand);
            default:
                throw new SqlException(SqlState.UndefinedFunction, $"operator does not exist: {unary.Op} {operand.Type.Name}", unary.Offset + 1);
        }
    }

    private BoundExpr BindBinary(BinaryExpr binary, BindScope? scope)
    {
        switch (binary.Op)
        {
            case "and":
            case "or":
                {
                    var operands = new List<BoundExpr>();
                    Flatten(binary.Op, binary, scope, operands);
                    return binary.Op == "and" ? new AndExpr(operands) : new OrExpr(operands);
                }
            case "=" or "<>" or "<" or "<=" or ">" or ">=":
                {
                    var (left, right) = BindComparable(binary.Left, binary.Right, scope, binary.Op, binary.Offset);
                    return new CompareExpr(ToCompareOp(binary.Op), left, right);
                }
            case "+" or "-" or "*" or "/" or "%" or "^":
                {
                    var left = BindExpr(binary.Left, scope);
                    var right = BindExpr(binary.Right, scope);
                    if (DateArithmetic(binary, left, right) is { } dated) return Fold(dated, binary.Offset);
                    var type = binary.Op == "^" ? (left.Type.IsNumeric || left.Type.Id == SqlTypeId.Unknown) && (right.Type.IsNumeric || right.Type.Id == SqlTypeId.Unknown) ? ScalarFunctions.PowerType(left.Type, right.Type) : (SqlType?)null
                        : TypeRules.ArithmeticResult(left.Type, right.Type);
                    if (type is null) throw NoOperator(binary.Op, left.Type, right.Type, binary.Offset);
                    left = TypeRules.Coerce(left, type.Value, binary.Left.Offset);
                    right = TypeRules.Coerce(right, type.Value, binary.Right.Offset);
                    var op = binary.Op switch
                    {
                        "+" => ArithmeticOp.Add,
                        "-" => ArithmeticOp.Subtract,
                        "*" => ArithmeticOp.Multiply,
                        "/" => ArithmeticOp.Divide,
                        "%" => ArithmeticOp.Modulo,
                        _ => ArithmeticOp.Power,
                    };
                    return Fold(new ArithmeticExpr(op, left, right, type.Value), binary.Offset);
                }
            case "||":
                {
                    var left = BindExpr(binary.Left, scope);
                    var right = BindExpr(binary.Right, scope);
                    if (left.Type.Id == SqlTypeId.Unknown) left = TypeRules.Coerce(left, SqlType.Text, binary.Left.Offset);
                    if (right.Type.Id == SqlTypeId.Unknown) right = TypeRules.Coerce(right, SqlType.Text, binary.Right.Offset);
                    if (!left.Type.IsString && !right.Type.IsString) throw NoOperator("||", left.Type, right.Type, binary.Offset);
                    return new ConcatExpr(left, right);
                }
            default:
                {
                    var left = BindExpr(binary.Left, scope);
                    var right = BindExpr(binary.Right, scope);
                    throw NoOperator(binary.Op, left.Type, right.Type, binary.Offset);
                }
        }
    }

    /// <summary>date + integer, integer + date, date - integer (a date); date - date (days, an integer).</summary>
    private static BoundExpr? DateArithmetic(BinaryExpr binary, BoundExpr left, BoundExpr right)
    {
        if (binary.Op is not ("+" or "-")) return null;
        if (left.Type.Id == SqlTypeId.Date && (right.Type.IsInteger || right.Type.Id == SqlTypeId.Unknown) && right.Type.Id != SqlTypeId.Date)
        {
            return new DateArithmeticExpr(binary.Op == "+" ? ArithmeticOp.Add : ArithmeticOp.Subtract, left, TypeRules.Coerce(right, SqlType.Integer, binary.Right.Offset), SqlType.Date);
        }
        if (binary.Op == "+" && left.Type.IsInteger && right.Type.Id == SqlTypeId.Date)
        {
            return new DateArithmeticExpr(ArithmeticOp.Add, right, left, SqlType.Date);
        }
        if (binary.Op == "-" && left.Type.Id == SqlTypeId.Date && right.Type.Id == SqlTypeId.Date)
        {
            return new DateArithmeticExpr(ArithmeticOp.Subtract, left, right, SqlType.Integer);
        }
        if (left.Type.IsDateTime || right.Type.IsDateTime)
        {
            throw NoOperator(binary.Op, left.Type, right.Type, binary.Offset);
        }
        return null;
    }

    /// <summary>Folds an operator over constants now, so that errors in constants surface at bind time with a position.</summary>
    private static BoundExpr Fold(BoundExpr expr, int offset)
    {
        if (!expr.Children.All(c => c is ConstantExpr)) return expr;
        try
        {
            return new ConstantExpr(expr.Evaluate([], EvalContext.Empty), expr.Type);
        }
        catch (SqlException e)
        {
            throw e.WithPosition(offset + 1);
        }
    }

    private void Flatten(string op, Expr expr, BindScope? scope, List<BoundExpr> operands)
    {
        if (expr is BinaryExpr b && b.Op == op)
        {
            Flatten(op, b.Left, scope, operands);
            Flatten(op, b.Right, scope, operands);
            return;
        }
        operands.Add(RequireBoolean(BindExpr(expr, scope), op.ToUpperInvariant(), expr.Offset));
    }

    private static CompareOp ToCompareOp(string op) => op switch
    {
        "=" => CompareOp.Equal,
        "<>" => CompareOp.NotEqual,
        "<" => CompareOp.Less,
        "<=" => CompareOp.LessOrEqual,
        ">" => CompareOp.Greater,
        _ => CompareOp.GreaterOrEqual,
    };

    private (BoundExpr Left, BoundExpr Right) BindComparable(Expr leftExpr, Expr rightExpr, BindScope? scope, string op, int offset)
    {
        var left = BindExpr(leftExpr, scope);
        var right = BindExpr(rightExpr, scope);
        return MakeComparable(left, right, leftExpr.Offset, rightExpr.Offset, op, offset);
    }

    private static (BoundExpr Left, BoundExpr Right) MakeComparable(BoundExpr left, BoundExpr right, int leftOffset, int rightOffset, string op, int offset)
    {
        var type = TypeRules.ComparisonType(left.Type, right.Type) ?? throw NoOperator(op, left.Type, right.Type, offset);
        // Numbers of different types compare by value; only untyped literals are converted.
        if (left.Type.Id == SqlTypeId.Unknown || (!left.Type.IsNumeric && left.Type != type)) left = TypeRules.Coerce(left, type, leftOffset);
        if (right.Type.Id == SqlTypeId.Unknown || (!right.Type.IsNumeric && right.Type != type)) right = TypeRules.Coerce(right, type, rightOffset);
        return (left, right);
    }

    private static SqlException NoOperator(string op, SqlType left, SqlType right, int offset) =>
        new(SqlState.UndefinedFunction, $"operator does not exist: {left.Name} {op} {right.Name}", offset + 1);

    private static BoundExpr RequireBoolean(BoundExpr expr, string context, int offset)
    {
        if (expr.Type.Id == SqlTypeId.Boolean) return expr;
        if (expr.Type.Id == SqlTypeId.Unknown) return TypeRules.Coerce(expr, SqlType.Boolean, offset);
        throw new SqlException(SqlState.DatatypeMismatch, $"argument of {context} must be type boolean, not type {expr.Type.Name}", offset + 1);
    }

    private BoundExpr BindBetween(BetweenExpr between, BindScope? scope)
    {
        var operand = BindExpr(between.Operand, scope);
        var low = BindExpr(between.Low, scope);
        var high = BindExpr(between.High, scope);
        BoundExpr Range(BoundExpr lo, BoundExpr hi)
        {
            var (a, l) = MakeComparable(operand, lo, between.Operand.Offset, between.Low.Offset, ">=", between.Offset);
            var (b, h) = MakeComparable(operand, hi, between.Operand.Offset, between.High.Offset, "<=", between.Offset);
            return between.Negated
                ? new OrExpr([new CompareExpr(CompareOp.Less, a, l), new CompareExpr(CompareOp.Greater, b, h)])
                : new AndExpr([new CompareExpr(CompareOp.GreaterOrEqual, a, l), new CompareExpr(CompareOp.LessOrEqual, b, h)]);
        }
        if (!between.Symmetric) return Range(low, high);
        return between.Negated ? new AndExpr([Range(low, high), Range(high, low)]) : new OrExpr([Range(low, high), Range(high, low)]);
    }

    private BoundExpr BindInList(SyntaxInList inList, BindScope? scope)
    {
        var operand = BindExpr(inList.Operand, scope);
        var items = inList.Items.Select(i => BindExpr(i, scope)).ToList();
        var type = TypeRules.CommonType([operand.Type, .. items.Select(i => i.Type)])
            ?? throw NoOperator("=", operand.Type, items.First(i => TypeRules.ComparisonType(operand.Type, i.Type) is null).Type, inList.Offset);
        if (!operand.Type.IsNumeric || !type.IsNumeric) operand = TypeRules.Coerce(operand, type, inList.Operand.Offset);
        for (int i = 0; i < items.Count; i++)
        {
            if (!items[i].Type.IsNumeric || !type.IsNumeric) items[i] = TypeRules.Coerce(items[i], type, inList.Items[i].Offset);
        }
        return new BoundInList(operand, items, inList.Negated);
    }

    private BoundExpr BindCase(SyntaxCase caseExpr, BindScope? scope)
    {
        var operand = caseExpr.Operand is null ? null : BindExpr(caseExpr.Operand, scope);
        var whens = new List<(BoundExpr When, BoundExpr Then)>();
        foreach (var when in caseExpr.Whens)
        {
            BoundExpr condition;
            if (operand is null)
            {
                condition = RequireBoolean(BindExpr(when.When, scope), "CASE/WHEN", when.When.Offset);
            }
            else
            {
                var (l, r) = MakeComparable(operand, BindExpr(when.When, scope), caseExpr.Operand!.Offset, when.When.Offset, "=", when.When.Offset);
                condition = new CompareExpr(CompareOp.Equal, l, r);
            }
            whens.Add((condition, BindExpr(when.Then, scope)));
        }
        var elseExpr = caseExpr.Else is null ? null : BindExpr(caseExpr.Else, scope);
        var branchTypes = whens.Select(w => w.Then.Type).Concat(elseExpr is null ? [] : [elseExpr.Type]);
        var type = TypeRules.CommonType(branchTypes)
            ?? throw new SqlException(SqlState.DatatypeMismatch, $"CASE types {string.Join(" and ", branchTypes.Distinct().Select(t => t.Name))} cannot be matched", caseExpr.Offset + 1);
        for (int i = 0; i < whens.Count; i++) whens[i] = (whens[i].When, TypeRules.Coerce(whens[i].Then, type, caseExpr.Whens[i].Then.Offset));
        if (elseExpr is not null) elseExpr = TypeRules.Coerce(elseExpr, type, caseExpr.Else!.Offset);
        return new BoundCase(whens, elseExpr, type);
    }

    private BoundExpr BindFunction(FunctionCallExpr call, BindScope? scope)
    {
        string name = call.Name;
        if (call.Star || IsAggregateName(name)) return BindAggregate(call, scope);
        if (name is "nextval" or "currval" or "setval") return BindSequenceFunction(call, scope);
        if (call.Distinct) throw new SqlException(SqlState.WrongObjectType, $"DISTINCT specified, but {name} is not an aggregate function", call.Offset + 1);
        var args = call.Args.Select(a => BindExpr(a, scope)).ToList();
        switch (name)
        {
            case "now" or "current_timestamp" or "localtimestamp" or "transaction_timestamp" when args.Count == 0:
                return new ClockExpr(ClockKind.Timestamp);
            case "current_date" when args.Count == 0:
                return new ClockExpr(ClockKind.Date);
            case "coalesce":
                {
                    if (args.Count == 0) throw SqlException.Syntax("syntax error at or near \")\"", call.Offset);
                    var type = TypeRules.CommonType(args.Select(a => a.Type))
                        ?? throw new SqlException(SqlState.DatatypeMismatch, $"COALESCE types {string.Join(" and ", args.Select(a => a.Type.Name).Distinct())} cannot be matched", call.Offset + 1);
                    return new CoalesceExpr(args.Select((a, i) => TypeRules.Coerce(a, type, call.Args[i].Offset)).ToList(), type);
                }
            case "nullif":
                {
                    if (args.Count != 2) throw NoFunction(name, args, call.Offset);
                    var (l, r) = MakeComparable(args[0], args[1], call.Args[0].Offset, call.Args[1].Offset, "=", call.Offset);
                    var type = args[0].Type.Id == SqlTypeId.Unknown ? l.Type : args[0].Type;
                    return new BoundCase([(new CompareExpr(CompareOp.Equal, l, r), new ConstantExpr(Value.Null, type))], TypeRules.Coerce(args[0], type, call.Args[0].Offset), type);
                }
        }
        var function = ScalarFunctions.Find(name) ?? throw NoFunction(name, args, call.Offset);
        var resolved = function.Resolve(args.Select(a => a.Type).ToList()) ?? throw NoFunction(name, args, call.Offset);
        var coerced = args.Select((a, i) => TypeRules.Coerce(a, resolved.Args[i], call.Args[i].Offset)).ToList();
        return Fold(new FunctionExpr(function, coerced, resolved.Result), call.Offset);
    }

    private static SqlException NoFunction(string name, List<BoundExpr> args, int offset) =>
        new(SqlState.UndefinedFunction, $"function {name}({string.Join(", ", args.Select(a => a.Type.Name))}) does not exist", offset + 1);
}

public sealed partial class Binder
{
    /// <summary>Aggregate calls of the query being bound; null where aggregates are not allowed.</summary>
    private List<AggregateCallExpr>? _aggregates;

    private BoundExpr BindAggregate(FunctionCallExpr call, BindScope? scope)
    {
        var sink = _aggregates ?? throw new SqlException(SqlState.GroupingError, "aggregate functions are not allowed here", call.Offset + 1);
        _aggregates = null; // an aggregate's argument may not contain another aggregate
        try
        {
            AggregateCallExpr aggregate;
            if (call.Star)
            {
                if (call.Name != "count") throw SqlException.Syntax($"syntax error: {call.Name}(*)", call.Offset);
                aggregate = new AggregateCallExpr(AggregateKind.CountStar, null, false, SqlType.BigInt);
            }
            else
            {
                if (call.Args.Count != 1)
                {
                    throw new SqlException(SqlState.UndefinedFunction, $"function {call.Name} with {call.Args.Count} arguments does not exist", call.Offset + 1);
                }
                BoundExpr argument;
                try
                {
                    argument = BindExpr(call.Args[0], scope);
                }
                catch (SqlException e) when (e.SqlState == SqlState.GroupingError && e.Message.StartsWith("aggregate functions are not allowed", StringComparison.Ordinal))
                {
                    throw new SqlException(SqlState.GroupingError, "aggregate function calls cannot be nested", call.Args[0].Offset + 1);
                }
                if (argument.Type.Id == SqlTypeId.Unknown) argument = TypeRules.Coerce(argument, call.Name is "count" or "min" or "max" ? SqlType.Text : SqlType.Double, call.Args[0].Offset);
                var t = argument.Type;
                (AggregateKind kind, SqlType? type) = call.Name switch
                {
                    "count" => (AggregateKind.Count, SqlType.BigInt),
                    "sum" => (AggregateKind.Sum, t.Id is SqlTypeId.SmallInt or SqlTypeId.Integer ? SqlType.BigInt
                        : t.Id == SqlTypeId.BigInt || t.IsDecimal ? SqlType.Numeric
                        : t.IsFloat ? (t.Id == SqlTypeId.Real ? SqlType.Real : SqlType.Double) : (SqlType?)null),
                    "avg" => (AggregateKind.Avg, t.IsFloat ? SqlType.Double : t.IsNumeric ? SqlType.Numeric : null),
                    "min" => (AggregateKind.Min, t.Id == SqlTypeId.Varchar ? SqlType.Text : t),
                    _ => (AggregateKind.Max, t.Id == SqlTypeId.Varchar ? SqlType.Text : t),
                };
                if (type is null)
                {
                    throw new SqlException(SqlState.UndefinedFunction, $"function {call.Name}({t.Name}) does not exist", call.Offset + 1);
                }
                aggregate = new AggregateCallExpr(kind, argument, call.Distinct, type.Value);
            }
            string fingerprint = ExprFingerprint.Of(aggregate);
            if (!sink.Any(a => ExprFingerprint.Of(a) == fingerprint)) sink.Add(aggregate);
            return aggregate;
        }
        finally
        {
            _aggregates = sink;
        }
    }

    /// <summary>
    /// A subquery in an expression: bound with this query's scope as its outer scope, so it may refer to
    /// this query's columns (it is then correlated).
    /// </summary>
    private BoundExpr BindSubquery(Expr expr, BindScope? scope)
    {
        var saved = _aggregates;
        _aggregates = null;
        try
        {
            switch (expr)
            {
                case SyntaxSubquery sub:
                    {
                        var node = BindQuery(sub.Query, scope);
                        if (node.Columns.Count != 1) throw new SqlException(SqlState.SyntaxError, "subquery must return only one column", sub.Offset + 1);
                        var type = node.Columns[0].Type;
                        return new BoundSubquery(SubqueryKind.Scalar, node, null, CompareOp.Equal, IsCorrelated(node), type);
                    }
                case ExistsExpr exists:
                    {
                        var node = BindQuery(exists.Query, scope);
                        return new BoundSubquery(SubqueryKind.Exists, node, null, CompareOp.Equal, IsCorrelated(node), SqlType.Boolean);
                    }
                case InSubqueryExpr inSub:
                    {
                        _aggregates = saved;
                        var left = BindExpr(inSub.Operand, scope);
                        _aggregates = null;
                        var node = BindQuery(inSub.Query, scope);
                        var bound = Quantified(SubqueryKind.In, CompareOp.Equal, left, node, inSub.Offset);
                        return inSub.Negated ? new NotExpr(bound) : bound;
                    }
                case QuantifiedExpr q:
                    {
                        _aggregates = saved;
                        var left = BindExpr(q.Left, scope);
                        _aggregates = null;
                        var node = BindQuery(q.Query, scope);
                        return Quantified(q.All ? SubqueryKind.All : SubqueryKind.Any, ToCompareOp(q.Op), left, node, q.Offset);
                    }
                default:
                    throw SqlException.NotSupported(expr.GetType().Name);
            }
        }
        finally
        {
            _aggregates = saved;
        }
    }

    private static BoundSubquery Quantified(SubqueryKind kind, CompareOp op, BoundExpr left, LogicalNode node, int offset)
    {
        if (node.Columns.Count != 1) throw new SqlException(SqlState.SyntaxError, "subquery has too many columns", offset + 1);
        var rightType = node.Columns[0].Type;
        if (TypeRules.ComparisonType(left.Type, rightType) is not { } type) throw NoOperator(op == CompareOp.Equal ? "=" : CompareExpr.Symbol(op), left.Type, rightType, offset);
        if (left.Type.Id == SqlTypeId.Unknown || (!left.Type.IsNumeric && left.Type != type)) left = TypeRules.Coerce(left, type, offset);
        return new BoundSubquery(kind, node, left, op, IsCorrelated(node), SqlType.Boolean);
    }

    /// <summary>Whether a bound query refers to the columns of a query around it.</summary>
    public static bool IsCorrelated(LogicalNode node, int level = 1)
    {
        bool InExpr(BoundExpr e) => e switch
        {
            OuterColumnExpr o => o.Depth >= level,
            BoundSubquery s => (s.Left is not null && InExpr(s.Left)) || IsCorrelated((LogicalNode)s.Query, level + 1),
            _ => e.Children.Any(InExpr),
        };
        return node switch
        {
            LogicalScan => false,
            LogicalFilter f => InExpr(f.Predicate) || IsCorrelated(f.Input, level),
            LogicalProject p => p.Exprs.Any(InExpr) || IsCorrelated(p.Input, level),
            LogicalSort s => s.Keys.Any(k => InExpr(k.Expr)) || IsCorrelated(s.Input, level),
            LogicalLimit l => IsCorrelated(l.Input, level),
            LogicalDistinct d => IsCorrelated(d.Input, level),
            LogicalTrim t => IsCorrelated(t.Input, level),
            LogicalValues v => v.Rows.Any(r => r.Any(InExpr)),
            LogicalJoin j => (j.Condition is not null && InExpr(j.Condition)) || IsCorrelated(j.Left, level) || IsCorrelated(j.Right, level),
            LogicalAggregate a => a.GroupBy.Any(InExpr) || a.Aggregates.Any(InExpr) || IsCorrelated(a.Input, level),
            LogicalSetOp s => IsCorrelated(s.Left, level) || IsCorrelated(s.Right, level),
            _ => true,
        };
    }
}
