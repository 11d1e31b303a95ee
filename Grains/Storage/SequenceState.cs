namespace OrleansDb.Storage;

/// <summary>Consecutive values of a sequence: <see cref="First"/>, then <see cref="Count"/> - 1 more, each <see cref="Increment"/> apart.</summary>
public readonly record struct SequenceRange(long First, long Count, long Increment)
{
    public long this[long index] => First + index * Increment;
}

/// <summary>
/// Where a sequence stands, as PostgreSQL keeps it: the last value and whether it was handed out. The
/// next value is the last one when it was not handed out, else one increment on; past a bound it wraps
/// to the other bound when the sequence cycles and is exhausted otherwise. Pure values, no I/O.
/// </summary>
public readonly record struct SequenceState(long LastValue, bool IsCalled)
{
    /// <summary>The next value to hand out, or null when the sequence is exhausted.</summary>
    public long? NextValue(SequenceSchema sequence)
    {
        if (!IsCalled) return LastValue;
        Int128 next = (Int128)LastValue + sequence.Increment;
        if (next >= sequence.MinValue && next <= sequence.MaxValue) return (long)next;
        if (!sequence.Cycle) return null;
        return sequence.Increment > 0 ? sequence.MinValue : sequence.MaxValue;
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> consecutive values (stopping at the bound: a cycling sequence
    /// wraps on the next take). Returns the range and the position after it, or null when exhausted.
    /// </summary>
    public (SequenceRange Range, SequenceState After)? Take(SequenceSchema sequence, long count)
    {
        if (NextValue(sequence) is not long first) return null;
        Int128 room = sequence.Increment > 0
            ? ((Int128)sequence.MaxValue - first) / sequence.Increment + 1
            : ((Int128)first - sequence.MinValue) / -(Int128)sequence.Increment + 1;
        long taken = (long)Int128.Min(room, Math.Max(count, 1));
        long last = (long)(first + (Int128)(taken - 1) * sequence.Increment);
        return (new SequenceRange(first, taken, sequence.Increment), new SequenceState(last, true));
    }

    /// <summary>
    /// The position after <paramref name="count"/> more values (fewer when the sequence runs out first),
    /// and how many values lie between: what an originator records before handing those values out.
    /// </summary>
    public (SequenceState After, long Values) Advance(SequenceSchema sequence, long count)
    {
        var position = this;
        long values = 0;
        while (values < count && position.Take(sequence, count - values) is var (range, after))
        {
            values += range.Count;
            position = after;
        }
        return (position, values);
    }

    /// <summary>The error a nextval past the bound of a sequence that does not cycle gets (SQLSTATE 2200H).</summary>
    public static string ExhaustedMessage(SequenceSchema sequence) => sequence.Increment > 0
        ? $"nextval: reached maximum value of sequence \"{sequence.Name}\" ({sequence.MaxValue})"
        : $"nextval: reached minimum value of sequence \"{sequence.Name}\" ({sequence.MinValue})";
}
