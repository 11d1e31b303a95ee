using System.Globalization;
using System.Text;

namespace OrleansDb.Tests.Differential;

/// <summary>The value types the generator works with. Booleans only appear as predicates and select items.</summary>
public enum DiffType : byte { Int, Text, Bool }

/// <summary>
/// A column the generator may reference: its type and, for integers, the largest absolute value it can hold
/// (the generator keeps every integer expression far inside the 32-bit range, so no engine overflows).
/// </summary>
public sealed record DiffColumn(string Name, DiffType Type, long Bound);

/// <summary>
/// Something a FROM clause can name: a base table (<see cref="From"/> is its name) or a derived table
/// (<see cref="From"/> is the parenthesized query).
/// </summary>
public sealed record DiffRelation(string From, IReadOnlyList<DiffColumn> Columns, int RowCount)
{
    public IEnumerable<DiffColumn> OfType(DiffType type) => Columns.Where(c => c.Type == type);
}

/// <summary>
/// The tables both engines hold, with the DDL and seeded random data that fill them. Values come from
/// small ranges (so joins and groups hit), a fixed lower-case vocabulary (so SQLite's case-insensitive
/// LIKE and byte-order text comparison agree with OrleansDb's PostgreSQL rules) and some NULLs outside
/// the primary keys.
/// </summary>
public static class DifferentialSchema
{
    public static readonly IReadOnlyList<string> Vocabulary = ["", "a", "b", "c", "ab", "abc", "ba", "bb", "x", "xy", "zz"];

    public static readonly DiffRelation T1 = new("t1",
        [new("a", DiffType.Int, 200), new("b", DiffType.Int, 12), new("c", DiffType.Int, 30), new("d", DiffType.Text, 0)], 150);

    public static readonly DiffRelation T2 = new("t2",
        [new("x", DiffType.Int, 150), new("y", DiffType.Int, 15), new("z", DiffType.Text, 0)], 100);

    public static readonly DiffRelation T3 = new("t3",
        [new("k", DiffType.Int, 9), new("m", DiffType.Int, 9), new("n", DiffType.Text, 0), new("w", DiffType.Int, 5)], 40);

    public static readonly IReadOnlyList<DiffRelation> Tables = [T1, T2, T3];

    /// <summary>The primary key of each table, in the order SELECT * output is sorted by when tables are compared.</summary>
    public static string PrimaryKeyOf(DiffRelation table) => table == T3 ? "k, m" : table.Columns[0].Name;

    /// <summary>
    /// CREATE TABLE, CREATE INDEX and INSERT statements, in order. One index exists before the rows
    /// arrive (maintained on insert), the others are built over existing rows.
    /// </summary>
    public static IReadOnlyList<string> Setup(Random rng)
    {
        var statements = new List<string>
        {
            "CREATE TABLE t1 (a INTEGER PRIMARY KEY, b INTEGER, c INTEGER, d TEXT)",
            "CREATE TABLE t2 (x INTEGER PRIMARY KEY, y INTEGER, z TEXT)",
            "CREATE TABLE t3 (k INTEGER, m INTEGER, n TEXT, w INTEGER, PRIMARY KEY (k, m))",
            "CREATE INDEX t1_b ON t1 (b)",
        };
        statements.AddRange(Inserts("t1", Distinct(rng, 1, 200, T1.RowCount).Select(a =>
            $"({a}, {Int(rng, -3, 12, 0.1)}, {Int(rng, 0, 30, 0.15)}, {Text(rng, 0.1)})")));
        statements.AddRange(Inserts("t2", Distinct(rng, 1, 150, T2.RowCount).Select(x =>
            $"({x}, {Int(rng, 0, 15, 0.1)}, {Text(rng, 0.1)})")));
        statements.AddRange(Inserts("t3", Distinct(rng, 0, 99, T3.RowCount).Select(km =>
            $"({km / 10}, {km % 10}, {Text(rng, 0.2)}, {Int(rng, -5, 5, 0.2)})")));
        statements.Add("CREATE INDEX t1_cd ON t1 (c, d)");
        statements.Add("CREATE INDEX t2_y ON t2 (y)");
        statements.Add("CREATE INDEX t3_w ON t3 (w)");
        return statements;
    }

    public static string IntLiteral(long value) => value < 0
        ? $"({value.ToString(CultureInfo.InvariantCulture)})"
        : value.ToString(CultureInfo.InvariantCulture);

    public static string TextLiteral(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";

    private static string Int(Random rng, int min, int max, double nullChance) =>
        rng.NextDouble() < nullChance ? "NULL" : IntLiteral(rng.Next(min, max + 1));

    private static string Text(Random rng, double nullChance) =>
        rng.NextDouble() < nullChance ? "NULL" : TextLiteral(Vocabulary[rng.Next(Vocabulary.Count)]);

    /// <summary><paramref name="count"/> distinct values from [min, max], in random order.</summary>
    private static List<int> Distinct(Random rng, int min, int max, int count)
    {
        var values = Enumerable.Range(min, max - min + 1).ToArray();
        rng.Shuffle(values);
        return values.Take(count).ToList();
    }

    private static IEnumerable<string> Inserts(string table, IEnumerable<string> rows)
    {
        foreach (var chunk in rows.Chunk(100))
        {
            var sql = new StringBuilder($"INSERT INTO {table} VALUES ");
            sql.AppendJoin(", ", chunk);
            yield return sql.ToString();
        }
    }
}
