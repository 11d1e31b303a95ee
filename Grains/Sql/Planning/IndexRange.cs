using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Planning;

/// <summary>
/// The part of an index an index scan reads: equalities on a prefix of the index columns, then bounds
/// on the next one. NULL entries are never in a range (a comparison with NULL is never true). On a DESC
/// column larger values come first, so a lower bound on the value is an upper bound on the bytes.
/// </summary>
public sealed record IndexRange(IndexSchema Index, TableSchema Table, KeyMatch Match)
{
    private const byte ValueTag = 0x01;
    private const byte NullTag = 0x02;
    private const byte DescendingValueTag = 0xFE;

    public (byte[] Low, byte[]? High)? Evaluate(EvalContext context)
    {
        var prefixValues = new Value[Match.EqualPrefix.Count];
        for (int i = 0; i < prefixValues.Length; i++)
        {
            prefixValues[i] = ToColumn(Match.EqualPrefix[i].Evaluate([], context), i);
            if (prefixValues[i].IsNull) return null;
        }
        byte[] prefix = IndexKeyCodec.EncodeValues(Index, prefixValues);
        if (Match.EqualPrefix.Count == Index.Columns.Count || !Match.HasRange)
        {
            return (prefix, prefix.Length == 0 ? null : KeyCodec.PrefixEnd(prefix));
        }
        int position = Match.EqualPrefix.Count;
        bool descending = Index.Columns[position].Descending;
        byte[]? Encoded(BoundExpr? bound)
        {
            if (bound is null) return null;
            var v = ToColumn(bound.Evaluate([], context), position);
            if (v.IsNull) return null;
            var values = new Value[position + 1];
            prefixValues.CopyTo(values, 0);
            values[position] = v;
            return IndexKeyCodec.EncodeValues(Index, values);
        }
        var lower = Encoded(Match.Lower);
        var upper = Encoded(Match.Upper);
        if ((Match.Lower is not null && lower is null) || (Match.Upper is not null && upper is null)) return null;
        // The byte range of the non-NULL values of this column after the prefix.
        byte[] valuesStart = [.. prefix, descending ? DescendingValueTag : ValueTag];
        byte[]? valuesEnd = descending ? KeyCodec.PrefixEnd(valuesStart) : [.. prefix, NullTag];
        var (smallBound, smallInclusive, bigBound, bigInclusive) = descending
            ? (upper, Match.UpperInclusive, lower, Match.LowerInclusive)
            : (lower, Match.LowerInclusive, upper, Match.UpperInclusive);
        byte[] low = smallBound is null ? valuesStart : smallInclusive ? smallBound : KeyCodec.PrefixEnd(smallBound) ?? smallBound;
        byte[]? high = bigBound is null ? valuesEnd : bigInclusive ? KeyCodec.PrefixEnd(bigBound) : bigBound;
        if (high is not null && low.AsSpan().SequenceCompareTo(high) >= 0) return null;
        return (low, high);
    }

    private Value ToColumn(Value v, int position) => KeyRangeSelector.ToKeyValue(v, Table.Columns[Index.Columns[position].Ordinal].Type);

    public override string ToString()
    {
        var parts = new List<string>();
        for (int i = 0; i < Match.EqualPrefix.Count; i++) parts.Add($"{Table.Columns[Index.Columns[i].Ordinal].Name} = {Match.EqualPrefix[i]}");
        if (Match.EqualPrefix.Count < Index.Columns.Count)
        {
            string name = Table.Columns[Index.Columns[Match.EqualPrefix.Count].Ordinal].Name;
            if (Match.Lower is not null) parts.Add($"{name} {(Match.LowerInclusive ? ">=" : ">")} {Match.Lower}");
            if (Match.Upper is not null) parts.Add($"{name} {(Match.UpperInclusive ? "<=" : "<")} {Match.Upper}");
        }
        return string.Join(" AND ", parts);
    }
}
