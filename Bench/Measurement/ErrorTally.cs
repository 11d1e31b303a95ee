using OrleansDb.Bench.Targets;

namespace OrleansDb.Bench.Measurement;

/// <summary>
/// Failed operations by code (a SQLSTATE such as 40001, a SQLite code, or the exception type when the
/// client itself failed), with the first message seen for each code so a report can say what happened.
/// </summary>
public sealed class ErrorTally
{
    private readonly Dictionary<string, (long Count, string FirstMessage)> _byCode = new(StringComparer.Ordinal);

    public long Total { get; private set; }

    public IEnumerable<(string Code, long Count, string FirstMessage)> ByCode =>
        _byCode.OrderByDescending(e => e.Value.Count).Select(e => (e.Key, e.Value.Count, e.Value.FirstMessage));

    public void Record(Exception error)
    {
        var (code, message) = error is BenchSqlException sql ? (sql.Code, sql.Message) : (error.GetType().Name, error.GetBaseException().Message);
        Record(code, message, 1);
    }

    public void Add(ErrorTally other)
    {
        foreach (var (code, (count, message)) in other._byCode) Record(code, message, count);
    }

    private void Record(string code, string message, long count)
    {
        _byCode[code] = _byCode.TryGetValue(code, out var seen) ? (seen.Count + count, seen.FirstMessage) : (count, message);
        Total += count;
    }
}
