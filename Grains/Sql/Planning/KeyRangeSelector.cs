using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Planning;

/// <summary>Equalities on a prefix of a key's columns, then bounds on the next column.</summary>
public sealed record KeyMatch(List<BoundExpr> EqualPrefix, BoundExpr? Lower, bool LowerInclusive, BoundExpr? Upper, bool UpperInclusive)
{
    public bool IsEmpty => EqualPrefix.Count == 0 && Lower is null && Upper is null;

    public bool HasRange => Lower is not null || Upper is not null;
}

/// <summary>
/// Finds the key range a filter allows: the filter's AND-ed conditions of the form
/// <c>key_column op constant</c> (or <c>constant op key_column</c>) give equalities on a prefix of the
/// key columns and bounds on the next one. The filter itself still runs on every row read.
/// </summary>
public static class KeyRangeSelector
{
    /// <summary>The primary-key range of a table scan with this filter.</summary>
    public static KeyRange Select(TableSchema table, BoundExpr filter)
    {
        var keyColumns = table.PrimaryKey.Select(i => table.Columns[i]).ToList();
        var match = Match(table, filter, table.PrimaryKey);
        if (match.EqualPrefix.Count == keyColumns.Count)
        {
            return new KeyRange(KeyRangeKind.Point, match.EqualPrefix, null, false, null, false, keyColumns);
        }
        if (PointSet(table, filter, match) is { } points)
        {
            return new KeyRange(KeyRangeKind.PointSet, [], null, false, null, false, keyColumns) { Points = points };
        }
        if (match.IsEmpty) return KeyRange.Full(keyColumns);
        return new KeyRange(KeyRangeKind.Range, match.EqualPrefix, match.Lower, match.LowerInclusive, match.Upper, match.UpperInclusive, keyColumns);
    }

    private const int MaxPoints = 1024;

    /// <summary>
    /// When every primary-key column after the equality prefix has an IN list of constants (and the rest
    /// equalities), the key tuples to look up: the lists crossed; null when that does not apply.
    /// </summary>
    private static List<IReadOnlyList<BoundExpr>>? PointSet(TableSchema table, BoundExpr filter, KeyMatch match)
    {
        var conjuncts = Conjuncts(filter).ToList();
        var tuples = new List<List<BoundExpr>> { new(match.EqualPrefix) };
        bool sawList = false;
        for (int k = match.EqualPrefix.Count; k < table.PrimaryKey.Count; k++)
        {
            int ordinal = table.PrimaryKey[k];
            var column = new ColumnExpr(ordinal, table.Columns[ordinal].Type, table.Columns[ordinal].Name);
            var list = conjuncts.OfType<InListExpr>().FirstOrDefault(i => !i.Negated && i.Operand is ColumnExpr c && c.Ordinal == ordinal
                && i.Items.All(item => item.IsConstant && Fits(table, table.PrimaryKey, column, item)));
            if (list is null) return null;
            sawList = true;
            if (tuples.Count * list.Items.Count > MaxPoints) return null;
            tuples = tuples.SelectMany(t => list.Items.Select(item => new List<BoundExpr>(t) { item })).ToList();
        }
        return sawList ? tuples.Select(t => (IReadOnlyList<BoundExpr>)t).ToList() : null;
    }

    /// <summary>How far a filter's conditions constrain the key made of <paramref name="ordinals"/>, in order.</summary>
    public static KeyMatch Match(TableSchema table, BoundExpr filter, IReadOnlyList<int> ordinals)
    {
        var conditions = new List<(int Ordinal, CompareOp Op, BoundExpr Value)>();
        foreach (var conjunct in Conjuncts(filter))
        {
            if (AsKeyCondition(conjunct, table, ordinals) is { } condition) conditions.Add(condition);
        }
        var prefix = new List<BoundExpr>();
        foreach (int ordinal in ordinals)
        {
            var equal = conditions.FirstOrDefault(c => c.Ordinal == ordinal && c.Op == CompareOp.Equal);
            if (equal.Value is null) break;
            prefix.Add(equal.Value);
        }
        if (prefix.Count == ordinals.Count) return new KeyMatch(prefix, null, false, null, false);
        int next = ordinals[prefix.Count];
        BoundExpr? lower = null, upper = null;
        bool lowerInclusive = false, upperInclusive = false;
        foreach (var (ordinal, op, value) in conditions)
        {
            if (ordinal != next) continue;
            switch (op)
            {
                case CompareOp.Greater or CompareOp.GreaterOrEqual when lower is null:
                    lower = value;
                    lowerInclusive = op == CompareOp.GreaterOrEqual;
                    break;
                case CompareOp.Less or CompareOp.LessOrEqual when upper is null:
                    upper = value;
                    upperInclusive = op == CompareOp.LessOrEqual;
                    break;
            }
        }
        return new KeyMatch(prefix, lower, lowerInclusive, upper, upperInclusive);
    }

    public static IEnumerable<BoundExpr> Conjuncts(BoundExpr expr)
    {
        if (expr is AndExpr and)
        {
            foreach (var operand in and.Operands)
            {
                foreach (var c in Conjuncts(operand)) yield return c;
            }
        }
        else
        {
            yield return expr;
        }
    }

    private static (int, CompareOp, BoundExpr)? AsKeyCondition(BoundExpr expr, TableSchema table, IReadOnlyList<int> ordinals)
    {
        if (expr is not CompareExpr { Op: not CompareOp.NotEqual } compare) return null;
        if (compare.Left is ColumnExpr left && compare.Right.IsConstant && Fits(table, ordinals, left, compare.Right))
        {
            return (left.Ordinal, compare.Op, compare.Right);
        }
        if (compare.Right is ColumnExpr right && compare.Left.IsConstant && Fits(table, ordinals, right, compare.Left))
        {
            return (right.Ordinal, CompareExpr.Commute(compare.Op), compare.Left);
        }
        return null;
    }

    /// <summary>A key value converted to the column's storage kind, so it encodes as the column's values do.</summary>
    public static Value ToKeyValue(Value v, SqlType column)
    {
        if (v.IsNull) return v;
        if (column.IsFloat && v.Kind != ValueKind.Float) return Value.FromFloat(v.ToDouble());
        if (column.IsDecimal && v.Kind != ValueKind.Numeric) return Value.FromNumeric(v.ToDecimal());
        return v;
    }

    /// <summary>A constant can bound a key column when its values encode in the column's key order.</summary>
    private static bool Fits(TableSchema table, IReadOnlyList<int> ordinals, ColumnExpr column, BoundExpr constant)
    {
        if (!ordinals.Contains(column.Ordinal) || AsyncExpr.Within(constant)) return false;
        var type = table.Columns[column.Ordinal].Type;
        var valueType = constant.Type;
        if (type.IsInteger) return valueType.IsInteger;
        if (type.IsFloat) return valueType.IsNumeric;
        if (type.IsDecimal) return valueType.IsInteger || valueType.IsDecimal;
        if (type.IsString) return valueType.IsString;
        return type.Id == valueType.Id;
    }
}
