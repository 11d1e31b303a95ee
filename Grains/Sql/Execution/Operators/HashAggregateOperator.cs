using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Types;

namespace OrleansDb.Sql.Execution.Operators;

/// <summary>
/// Groups all input rows by the GROUP BY values (NULLs group together) and computes each aggregate per
/// group. Without GROUP BY there is exactly one group, even for empty input (COUNT 0, others NULL).
/// </summary>
public sealed class HashAggregateOperator(Operator input, IReadOnlyList<BoundExpr> groupBy, IReadOnlyList<AggregateCallExpr> aggregates) : Operator
{
    private bool _done;

    public override async ValueTask<List<Value[]>?> NextBatchAsync(ExecutionContext context)
    {
        if (_done) return null;
        _done = true;
        var groups = new Dictionary<Value[], Accumulator[]>(RowEqualityComparer.Instance);
        var order = new List<Value[]>();
        while (await input.NextBatchAsync(context) is { } batch)
        {
            foreach (var row in batch)
            {
                var key = new Value[groupBy.Count];
                for (int i = 0; i < key.Length; i++) key[i] = groupBy[i].Evaluate(row, context.Eval);
                if (!groups.TryGetValue(key, out var accumulators))
                {
                    accumulators = aggregates.Select(Accumulator.For).ToArray();
                    groups.Add(key, accumulators);
                    order.Add(key);
                }
                for (int i = 0; i < accumulators.Length; i++)
                {
                    var argument = aggregates[i].Argument;
                    accumulators[i].Add(argument is null ? Value.True : argument.Evaluate(row, context.Eval));
                }
            }
        }
        if (groupBy.Count == 0 && groups.Count == 0)
        {
            var empty = new Value[0];
            groups.Add(empty, aggregates.Select(Accumulator.For).ToArray());
            order.Add(empty);
        }
        var result = new List<Value[]>(order.Count);
        foreach (var key in order)
        {
            var accumulators = groups[key];
            var row = new Value[key.Length + accumulators.Length];
            key.CopyTo(row, 0);
            for (int i = 0; i < accumulators.Length; i++) row[key.Length + i] = accumulators[i].Result();
            result.Add(row);
        }
        return result.Count > 0 ? result : null;
    }
}

/// <summary>The running state of one aggregate over one group. NULL inputs are ignored (COUNT(*) counts rows).</summary>
public abstract class Accumulator
{
    private HashSet<Value>? _seen;

    public static Accumulator For(AggregateCallExpr call)
    {
        Accumulator a = call.Kind switch
        {
            AggregateKind.CountStar or AggregateKind.Count => new CountAccumulator(),
            AggregateKind.Sum => call.Type.IsInteger ? new IntegerSumAccumulator(call.Type)
                : call.Type.IsDecimal ? new NumericSumAccumulator() : new FloatSumAccumulator(call.Type),
            AggregateKind.Avg => call.Type.IsDecimal ? new NumericAverageAccumulator() : new AverageAccumulator(),
            AggregateKind.Min => new ExtremeAccumulator(-1),
            _ => new ExtremeAccumulator(1),
        };
        if (call.Distinct) a._seen = [];
        return a;
    }

    public void Add(Value value)
    {
        if (value.IsNull) return;
        if (_seen is not null && !_seen.Add(value)) return;
        Accumulate(value);
    }

    protected abstract void Accumulate(Value value);

    public abstract Value Result();

    private sealed class CountAccumulator : Accumulator
    {
        private long _count;

        protected override void Accumulate(Value value) => _count++;

        public override Value Result() => Value.FromInteger(_count);
    }

    private sealed class IntegerSumAccumulator(SqlType type) : Accumulator
    {
        private long _sum;
        private bool _any;

        protected override void Accumulate(Value value)
        {
            try
            {
                _sum = checked(_sum + value.AsInteger);
            }
            catch (OverflowException)
            {
                throw SqlException.OutOfRange(type.Name);
            }
            _any = true;
        }

        public override Value Result() => _any ? Value.FromInteger(_sum) : Value.Null;
    }

    private sealed class FloatSumAccumulator(SqlType type) : Accumulator
    {
        private double _sum;
        private bool _any;

        protected override void Accumulate(Value value)
        {
            _sum += value.ToDouble();
            _any = true;
        }

        public override Value Result() => _any ? Value.FromFloat(type.Id == SqlTypeId.Real ? (float)_sum : _sum) : Value.Null;
    }

    private sealed class NumericSumAccumulator : Accumulator
    {
        private decimal _sum;
        private bool _any;

        protected override void Accumulate(Value value)
        {
            try
            {
                _sum += value.ToDecimal();
            }
            catch (OverflowException)
            {
                throw new SqlException(SqlState.NumericValueOutOfRange, "value overflows numeric format");
            }
            _any = true;
        }

        public override Value Result() => _any ? Value.FromNumeric(_sum) : Value.Null;
    }

    private sealed class NumericAverageAccumulator : Accumulator
    {
        private decimal _sum;
        private long _count;

        protected override void Accumulate(Value value)
        {
            try
            {
                _sum += value.ToDecimal();
            }
            catch (OverflowException)
            {
                throw new SqlException(SqlState.NumericValueOutOfRange, "value overflows numeric format");
            }
            _count++;
        }

        public override Value Result() => _count == 0 ? Value.Null : Value.FromNumeric(ArithmeticExpr.DivideNumeric(_sum, _count));
    }

    private sealed class AverageAccumulator : Accumulator
    {
        private double _sum;
        private long _count;

        protected override void Accumulate(Value value)
        {
            _sum += value.ToDouble();
            _count++;
        }

        public override Value Result() => _count == 0 ? Value.Null : Value.FromFloat(_sum / _count);
    }

    private sealed class ExtremeAccumulator(int direction) : Accumulator
    {
        private Value _best = Value.Null;

        protected override void Accumulate(Value value)
        {
            if (_best.IsNull || Value.Compare(value, _best) * direction > 0) _best = value;
        }

        public override Value Result() => _best;
    }
}
