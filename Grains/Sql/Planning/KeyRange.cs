using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Planning;

public enum KeyRangeKind : byte { Full, Point, Range, PointSet }

/// <summary>
/// The part of a table's primary-key space a scan reads: equalities on a prefix of the key columns,
/// then optionally bounds on the next column. The bounds are constant expressions (parameters
/// allowed), evaluated and encoded when the scan starts.
/// </summary>
public sealed record KeyRange(
    KeyRangeKind Kind,
    IReadOnlyList<BoundExpr> EqualPrefix,
    BoundExpr? Lower,
    bool LowerInclusive,
    BoundExpr? Upper,
    bool UpperInclusive,
    IReadOnlyList<ColumnSchema> KeyColumns)
{
    /// <summary>For <see cref="KeyRangeKind.PointSet"/>: the key tuples (IN lists crossed with equalities).</summary>
    public IReadOnlyList<IReadOnlyList<BoundExpr>> Points { get; init; } = [];

    public static KeyRange Full(IReadOnlyList<ColumnSchema> keyColumns) => new(KeyRangeKind.Full, [], null, false, null, false, keyColumns);

    /// <summary>The encoded keys of a point set, sorted and without duplicates; tuples with a NULL are left out.</summary>
    public List<byte[]> EvaluatePoints(EvalContext context)
    {
        var keys = new SortedSet<byte[]>(ByteArrayComparer.Instance);
        foreach (var point in Points)
        {
            var values = new Value[point.Count];
            bool hasNull = false;
            for (int i = 0; i < values.Length && !hasNull; i++)
            {
                values[i] = ToKeyValue(point[i].Evaluate([], context), KeyColumns[i]);
                hasNull = values[i].IsNull;
            }
            if (!hasNull) keys.Add(KeyCodec.Encode(values));
        }
        return [.. keys];
    }

    /// <summary>The encoded [low, high) range, or null when the range is empty (a bound is NULL).</summary>
    public (byte[] Low, byte[]? High)? Evaluate(EvalContext context)
    {
        if (Kind == KeyRangeKind.Full) return ([], null);
        var prefix = new Value[EqualPrefix.Count];
        for (int i = 0; i < prefix.Length; i++)
        {
            var v = EqualPrefix[i].Evaluate([], context);
            if (v.IsNull) return null;
            prefix[i] = ToKeyValue(v, KeyColumns[i]);
            if (prefix[i].IsNull) return null;
        }
        byte[] prefixBytes = KeyCodec.Encode(prefix);
        byte[] low = prefixBytes;
        byte[]? high = KeyCodec.PrefixEnd(prefixBytes);
        if (prefixBytes.Length == 0) high = null;
        var column = EqualPrefix.Count < KeyColumns.Count ? KeyColumns[EqualPrefix.Count] : null;
        if (Lower is not null && column is not null)
        {
            var v = Lower.Evaluate([], context);
            if (v.IsNull) return null;
            var bound = Concat(prefixBytes, KeyCodec.Encode(ToKeyValue(v, column)));
            low = LowerInclusive ? bound : KeyCodec.PrefixEnd(bound) ?? bound;
        }
        if (Upper is not null && column is not null)
        {
            var v = Upper.Evaluate([], context);
            if (v.IsNull) return null;
            var bound = Concat(prefixBytes, KeyCodec.Encode(ToKeyValue(v, column)));
            high = UpperInclusive ? KeyCodec.PrefixEnd(bound) : bound;
        }
        if (high is not null && low.AsSpan().SequenceCompareTo(high) >= 0) return null;
        return (low, high);
    }

    private static Value ToKeyValue(Value v, ColumnSchema column) => KeyRangeSelector.ToKeyValue(v, column.Type);

    private static byte[] Concat(byte[] a, byte[] b)
    {
        var result = new byte[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }

    public override string ToString()
    {
        if (Kind == KeyRangeKind.Full) return "";
        if (Kind == KeyRangeKind.PointSet)
        {
            return KeyColumns.Count == 1
                ? $"{KeyColumns[0].Name} IN ({string.Join(", ", Points.Select(p => p[0]))})"
                : $"({string.Join(", ", KeyColumns.Select(c => c.Name))}) IN ({string.Join(", ", Points.Select(p => "(" + string.Join(", ", p) + ")"))})";
        }
        var parts = new List<string>();
        for (int i = 0; i < EqualPrefix.Count; i++) parts.Add($"{KeyColumns[i].Name} = {EqualPrefix[i]}");
        if (EqualPrefix.Count < KeyColumns.Count)
        {
            string name = KeyColumns[EqualPrefix.Count].Name;
            if (Lower is not null) parts.Add($"{name} {(LowerInclusive ? ">=" : ">")} {Lower}");
            if (Upper is not null) parts.Add($"{name} {(UpperInclusive ? "<=" : "<")} {Upper}");
        }
        return string.Join(" AND ", parts);
    }
}
