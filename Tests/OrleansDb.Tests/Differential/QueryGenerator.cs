using System.Text;
using System.Text.RegularExpressions;
using static OrleansDb.Tests.Differential.DifferentialSchema;

namespace OrleansDb.Tests.Differential;

/// <summary>A generated query: its SQL, and whether its ORDER BY fixes the order of the rows completely.</summary>
public sealed record DiffQuery(string Sql, bool Ordered);

/// <summary>
/// A generated SELECT (or set operation): the columns it outputs, so it can serve as a derived table, an
/// estimate of its rows and, for a single SELECT, its select-item expressions (which ORDER BY may repeat).
/// </summary>
public sealed record SelectSpec(string Sql, IReadOnlyList<DiffColumn> Columns, long Rows, IReadOnlyList<string>? Items = null);

/// <summary>A table in a FROM clause under its alias.</summary>
public sealed record RangeVar(string Alias, DiffRelation Relation);

/// <summary>
/// The names an expression may use: the range variables of its own query block and, for a subquery,
/// those of the blocks around it (correlation). <see cref="Level"/> counts the enclosing subqueries,
/// <see cref="Rows"/> estimates the rows the block's FROM produces.
/// </summary>
public sealed record Scope(IReadOnlyList<RangeVar> Vars, Scope? Outer, int Level, long Rows, bool Subqueries);

/// <summary>
/// Generates random queries over <see cref="DifferentialSchema"/> that PostgreSQL (whose semantics
/// OrleansDb follows) and SQLite must answer alike. Everything the generator writes is chosen to stay
/// inside the semantics the two share: integer arithmetic that cannot overflow, division and modulo only
/// by non-zero constants, no text/number comparison, no AVG, explicit NULLS FIRST/LAST on every sort key,
/// ORDER BY ... LIMIT only over all output columns, scalar subqueries that return at most one row,
/// INTERSECT only ahead of UNION/EXCEPT (SQLite gives all set operators the same precedence), no
/// parenthesized set operands, and LIKE only on raw (lower-case) columns with lower-case patterns.
/// One generator makes one query; the same <see cref="Random"/> seed gives the same SQL.
/// </summary>
public sealed partial class QueryGenerator(Random rng)
{
    /// <summary>Joins stop growing past this many estimated rows.</summary>
    private const long MaxJoinRows = 3000;

    /// <summary>Subqueries appear only in blocks over at most this many estimated rows...</summary>
    private const long MaxSubqueryOuterRows = 160;

    /// <summary>... and join two relations only under a block this small.</summary>
    private const long SmallOuter = 60;

    private readonly Random _rng = rng;
    private readonly List<string> _ctes = [];
    private int _aliases;
    private bool _inDerivedTable;
    private bool _leftJoinsOnly;

    /// <summary>A top-level query: a SELECT, a scalar aggregate or a set operation, maybe sorted and limited.</summary>
    public DiffQuery Next()
    {
        var root = new Scope([], null, 0, 0, true);
        SelectSpec body = _rng.Next(10) switch
        {
            < 6 => Select(root, null, aliases: Chance(0.2)),
            < 8 => SetOperation(root, null, aliases: false),
            _ => ScalarAggregate(root),
        };
        var sql = new StringBuilder();
        if (_ctes.Count > 0) sql.Append("WITH ").AppendJoin(", ", _ctes).Append(' ');
        sql.Append(body.Sql);
        bool ordered = body.Columns.Count > 0 && Chance(0.4);
        if (ordered)
        {
            sql.Append(" ORDER BY ").Append(OrderBy(body));
            if (Chance(0.7))
            {
                // SQLite accepts OFFSET only after LIMIT.
                sql.Append(" LIMIT ").Append(Chance(0.05) ? 0 : _rng.Next(1, 25));
                if (Chance(0.3)) sql.Append(" OFFSET ").Append(_rng.Next(0, 10));
            }
        }
        return new DiffQuery(sql.ToString(), ordered);
    }

    /// <summary>
    /// Sort keys over every output column, in random order and directions, each with its NULLS placement
    /// (the engines' defaults differ). A key is the column's position or, for a SELECT, its expression
    /// again when that cannot fold to a constant: SQLite folds "(x &lt; 'a') AND ('b' IS NULL)" to 0 and then
    /// reads it as a position, PostgreSQL rejects constant keys. So: a column, a column plus something,
    /// an aggregate.
    /// </summary>
    private string OrderBy(SelectSpec body)
    {
        var items = body.Items;
        var keys = Enumerable.Range(0, body.Columns.Count).ToArray();
        _rng.Shuffle(keys);
        return string.Join(", ", keys.Select(k =>
        {
            string key = items is not null && Chance(0.5) && SortableExpression().IsMatch(items[k]) ? items[k] : $"{k + 1}";
            return $"{key}{(Chance(0.5) ? " DESC" : Chance(0.5) ? " ASC" : "")} NULLS {(Chance(0.5) ? "FIRST" : "LAST")}";
        }));
    }

    [GeneratedRegex(@"^([psv][0-9]+\.[a-z0-9]+|\([psv][0-9]+\.[a-z0-9]+ [-+*/%] .*|(COUNT|SUM|MIN|MAX)\(.*)$")]
    private static partial Regex SortableExpression();

    /// <summary>A plain or grouped SELECT whose output columns have <paramref name="types"/> (random when null).</summary>
    private SelectSpec Select(Scope outer, IReadOnlyList<DiffType>? types, bool aliases)
    {
        types ??= RandomTypes();
        return Chance(0.3) ? GroupedSelect(outer, types, aliases) : PlainSelect(outer, types, aliases);
    }

    private SelectSpec PlainSelect(Scope outer, IReadOnlyList<DiffType> types, bool aliases)
    {
        var (from, scope, where) = From(outer);
        var items = new List<string>();
        var columns = new List<DiffColumn>();
        foreach (var type in types)
        {
            var (sql, bound) = Item(scope, type);
            columns.Add(new DiffColumn($"c{columns.Count}", type, bound));
            items.Add(sql);
        }
        if (Chance(0.7)) where.Add(Pred(scope, _rng.Next(1, 3)));
        return new SelectSpec($"SELECT {(Chance(0.2) ? "DISTINCT " : "")}{SelectList(items, aliases)} FROM {from}{Where(where)}", columns, scope.Rows, items);
    }

    /// <summary>
    /// SELECT keys-and-aggregates ... GROUP BY keys [HAVING aggregate op constant [AND|OR key op constant]].
    /// Every output column is a grouping key, an aggregate, or a key plus an aggregate or a constant, as
    /// PostgreSQL requires. Subqueries appear only in WHERE: OrleansDb does not support correlated
    /// subqueries next to aggregates yet (0A000).
    /// </summary>
    private SelectSpec GroupedSelect(Scope outer, IReadOnlyList<DiffType> types, bool aliases)
    {
        var (from, scope, where) = From(outer);
        var plain = scope with { Subqueries = false };
        var keys = new List<(string Sql, DiffType Type, long Bound)>();
        for (int i = _rng.Next(1, 3); i > 0; i--)
        {
            var column = Column(plain, Chance(0.7) ? DiffType.Int : DiffType.Text, outerChance: 0)
                ?? Column(plain, DiffType.Int, outerChance: 0);
            var expr = Int(plain, 1);
            // A constant key would read as an output-column position ("GROUP BY 3"): keys always name a column.
            if (column is { } c && (Chance(0.7) || !expr.Sql.Contains('.', StringComparison.Ordinal)))
            {
                keys.Add(($"{c.Alias}.{c.Column.Name}", c.Column.Type, c.Column.Bound));
            }
            else if (expr.Sql.Contains('.', StringComparison.Ordinal))
            {
                keys.Add((expr.Sql, DiffType.Int, expr.Bound));
            }
        }
        if (keys.Count == 0) return PlainSelect(outer, types, aliases);
        var unused = keys.ToList();
        var items = new List<string>();
        var columns = new List<DiffColumn>();
        foreach (var type in types)
        {
            int match = unused.FindIndex(k => k.Type == type);
            (string Sql, long Bound) item;
            if (match >= 0 && Chance(0.6))
            {
                var key = unused[match];
                unused.RemoveAt(match);
                if (type == DiffType.Int && Chance(0.25))
                {
                    // An expression over a key and an aggregate: the key must be recognised inside it.
                    (string Sql, long Bound) other = Chance(0.5) ? Aggregate(plain, DiffType.Int) : (IntLiteral(_rng.Next(1, 10)), 9);
                    item = ($"({key.Sql} {Pick("+", "-")} {other.Sql})", key.Bound + other.Bound);
                }
                else
                {
                    item = (key.Sql, key.Bound);
                }
            }
            else
            {
                item = Aggregate(plain, type);
            }
            columns.Add(new DiffColumn($"c{columns.Count}", type, item.Bound));
            items.Add(item.Sql);
        }
        if (Chance(0.6)) where.Add(Pred(scope, _rng.Next(1, 3)));
        var sql = new StringBuilder($"SELECT {(Chance(0.15) ? "DISTINCT " : "")}{SelectList(items, aliases)} FROM {from}{Where(where)}");
        sql.Append(" GROUP BY ").AppendJoin(", ", keys.Select(k => k.Sql).Distinct());
        if (Chance(0.4))
        {
            var having = Aggregate(plain, DiffType.Int);
            sql.Append($" HAVING {having.Sql} {Comparison()} {IntLiteral(_rng.Next(0, 6))}");
            if (Chance(0.3))
            {
                var key = keys[_rng.Next(keys.Count)];
                sql.Append(key.Type == DiffType.Int
                    ? $" {AndOr()} {key.Sql} {Comparison()} {IntLiteral(_rng.Next(-3, 13))}"
                    : $" {AndOr()} {key.Sql} IS NOT NULL");
            }
        }
        return new SelectSpec(sql.ToString(), columns, scope.Rows / 3, items);
    }

    /// <summary>SELECT aggregates FROM ... WHERE ... without GROUP BY: always exactly one row.</summary>
    private SelectSpec ScalarAggregate(Scope outer)
    {
        var (from, scope, where) = From(outer);
        var types = RandomTypes().Where(t => t != DiffType.Bool).DefaultIfEmpty(DiffType.Int).ToList();
        var items = types.Select(t => Aggregate(scope with { Subqueries = false }, t)).ToList();
        if (Chance(0.8)) where.Add(Pred(scope, 2));
        return new SelectSpec($"SELECT {string.Join(", ", items.Select(i => i.Sql))} FROM {from}{Where(where)}",
            items.Select((item, i) => new DiffColumn($"c{i}", types[i], item.Bound)).ToList(), 1, items.Select(i => i.Sql).ToList());
    }

    /// <summary>
    /// Two or three SELECTs joined by UNION [ALL], EXCEPT or INTERSECT. INTERSECT binds tighter than the
    /// others in PostgreSQL but not in SQLite, so it only appears before any UNION or EXCEPT.
    /// No select item is a bare NULL. OrleansDb bug: "SELECT 1 UNION SELECT NULL" fails with 42804
    /// ("UNION types integer and text cannot be matched"): the NULL is typed text before the set operation
    /// resolves its column types, where PostgreSQL resolves it to integer.
    /// </summary>
    private SelectSpec SetOperation(Scope outer, IReadOnlyList<DiffType>? types, bool aliases)
    {
        types ??= RandomTypes();
        var first = Select(outer, types, aliases);
        var sql = new StringBuilder(first.Sql);
        var bounds = first.Columns.Select(c => c.Bound).ToArray();
        long rows = first.Rows;
        bool onlyIntersects = true;
        for (int i = _rng.Next(1, 3); i > 0; i--)
        {
            string op = _rng.Next(onlyIntersects ? 5 : 4) switch
            {
                0 => "UNION",
                1 => "UNION ALL",
                2 => "EXCEPT",
                3 => "UNION ALL",
                _ => "INTERSECT",
            };
            onlyIntersects &= op == "INTERSECT";
            var next = Select(outer, types, aliases: false);
            sql.Append($" {op} ").Append(next.Sql);
            for (int c = 0; c < bounds.Length; c++) bounds[c] = Math.Max(bounds[c], next.Columns[c].Bound);
            rows += next.Rows;
        }
        return new SelectSpec(sql.ToString(), first.Columns.Select((c, i) => c with { Bound = bounds[i] }).ToList(), rows);
    }

    /// <summary>
    /// A derived table: a SELECT or a set operation whose columns are named c0, c1, ..., one of them an
    /// integer at least, for the equality that joins it.
    /// </summary>
    private SelectSpec DerivedTable()
    {
        var types = RandomTypes();
        if (!types.Contains(DiffType.Int)) types.Insert(_rng.Next(types.Count + 1), DiffType.Int);
        var top = new Scope([], null, 0, 0, true);
        if (Chance(0.6)) return Select(top, types, aliases: true);
        if (Chance(0.4))
        {
            var limited = Select(top, types, aliases: true);
            return limited with { Sql = $"{limited.Sql} ORDER BY {OrderBy(limited with { Items = null })} LIMIT {_rng.Next(1, 30)}" };
        }
        // SQLite bug (3.53.3): a WHERE over a derived UNION ALL is lost on an arm such as
        // "SELECT length(n) FROM t3" when a later arm has a RIGHT or FULL JOIN; so none have one.
        _leftJoinsOnly = true;
        var derived = SetOperation(top, types, aliases: true);
        _leftJoinsOnly = false;
        return derived;
    }

    /// <summary>A select item of <paramref name="type"/> and its bound (0 for text and booleans).</summary>
    private (string Sql, long Bound) Item(Scope scope, DiffType type)
    {
        if (type != DiffType.Int) return (type == DiffType.Text ? Text(scope, 1) : Pred(scope, 1), 0);
        var item = Int(scope, 2);
        return (item.Sql, item.Bound);
    }

    private List<DiffType> RandomTypes()
    {
        var types = new List<DiffType>();
        for (int i = _rng.Next(1, 5); i > 0; i--)
        {
            types.Add(_rng.Next(20) switch { < 11 => DiffType.Int, < 17 => DiffType.Text, _ => DiffType.Bool });
        }
        return types;
    }

    private static string SelectList(List<string> items, bool aliases) =>
        string.Join(", ", aliases ? items.Select((item, i) => $"{item} AS c{i}") : items);

    private static string Where(List<string> predicates) =>
        predicates.Count == 0 ? "" : $" WHERE {string.Join(" AND ", predicates)}";

    private string NextAlias(string prefix) => $"{prefix}{++_aliases}";

    private bool Chance(double p) => _rng.NextDouble() < p;

    private T Pick<T>(params T[] choices) => choices[_rng.Next(choices.Length)];

    private string Comparison() => Pick("=", "<>", "<", "<=", ">", ">=");

    private string AndOr() => Chance(0.6) ? "AND" : "OR";
}
