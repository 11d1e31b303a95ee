using static OrleansDb.Tests.Differential.DifferentialSchema;

namespace OrleansDb.Tests.Differential;

/// <summary>An integer expression and the largest absolute value it can take.</summary>
public readonly record struct IntExpr(string Sql, long Bound);

public sealed partial class QueryGenerator
{
    /// <summary>Products stay under this bound, so every integer expression fits a 32-bit integer with room to spare.</summary>
    private const long MaxProduct = 1_000_000;

    private static readonly string[] LikePatterns = ["a%", "%b", "_", "%a%", "ab", "_b%", "%", "b_", "%c"];

    /// <summary>
    /// int := column | literal | int (+|-|*) int | int (/|%) nonzero-constant | abs(int) | -int
    ///      | CASE WHEN pred THEN int [ELSE int] END | COALESCE(int, int) | NULLIF(int, int)
    ///      | length(text) | scalar subquery. Every compound expression is parenthesized.
    /// </summary>
    private IntExpr Int(Scope scope, int depth)
    {
        if (depth <= 0 || Chance(0.3)) return IntLeaf(scope);
        switch (_rng.Next(13))
        {
            case < 3:
            {
                IntExpr l = Int(scope, depth - 1), r = Int(scope, depth - 1);
                return new($"({Lead(l.Sql)} {Pick("+", "-")} {r.Sql})", l.Bound + r.Bound);
            }
            case 3:
            {
                IntExpr l = Int(scope, depth - 1), r = Int(scope, depth - 1);
                return l.Bound * r.Bound <= MaxProduct
                    ? new($"({Lead(l.Sql)} * {r.Sql})", l.Bound * r.Bound)
                    : new($"({Lead(l.Sql)} - {r.Sql})", l.Bound + r.Bound);
            }
            case 4:
            {
                var l = Int(scope, depth - 1);
                return new($"({Lead(l.Sql)} / {IntLiteral(Pick(2, 3, 4, 7, -3))})", l.Bound);
            }
            case 5:
            {
                var l = Int(scope, depth - 1);
                long k = Pick(2, 3, 5, -4);
                return new($"({Lead(l.Sql)} % {IntLiteral(k)})", Math.Abs(k));
            }
            case 6:
            {
                var l = Int(scope, depth - 1);
                return new($"abs({l.Sql})", l.Bound);
            }
            case 7:
            {
                var l = Int(scope, depth - 1);
                return new($"(-{l.Sql})", l.Bound);
            }
            case 8:
            {
                string when = Pred(scope, depth - 1);
                var then = Int(scope, depth - 1);
                if (Chance(0.3)) return new($"CASE WHEN {when} THEN {then.Sql} END", then.Bound);
                var otherwise = Int(scope, depth - 1);
                return new($"CASE WHEN {when} THEN {then.Sql} ELSE {otherwise.Sql} END", Math.Max(then.Bound, otherwise.Bound));
            }
            case 9:
            {
                IntExpr l = Int(scope, depth - 1), r = Int(scope, depth - 1);
                return new($"COALESCE({l.Sql}, {r.Sql})", Math.Max(l.Bound, r.Bound));
            }
            case 10:
            {
                IntExpr l = Int(scope, depth - 1), r = Int(scope, depth - 1);
                return new($"NULLIF({l.Sql}, {r.Sql})", l.Bound);
            }
            case 11:
                return new($"length({Text(scope, depth - 1)})", 6);
            default:
                return scope.Subqueries ? ScalarSubquery(scope) : IntLeaf(scope);
        }
    }

    private IntExpr IntLeaf(Scope scope)
    {
        if (Chance(0.8) && Column(scope, DiffType.Int, 0.25) is { } c) return new($"{c.Alias}.{c.Column.Name}", c.Column.Bound);
        int value = _rng.Next(-5, 21);
        return new(IntLiteral(value), Math.Abs(value));
    }

    /// <summary>
    /// text := column | literal | upper(text) | lower(text) | COALESCE(text, literal) | substr(text, i, n)
    ///       | CASE WHEN pred THEN text ELSE text END | COALESCE(text, '') || COALESCE(text, '') | CAST(int AS TEXT)
    ///       | text subquery
    /// </summary>
    private string Text(Scope scope, int depth)
    {
        if (depth <= 0 || Chance(0.4)) return TextLeaf(scope);
        return _rng.Next(9) switch
        {
            0 => $"{Pick("upper", "lower")}({Text(scope, depth - 1)})",
            1 => $"COALESCE({Text(scope, depth - 1)}, {TextLiteral(Word())})",
            2 => $"substr({Text(scope, depth - 1)}, {_rng.Next(1, 3)}, {_rng.Next(1, 4)})",
            3 => $"CASE WHEN {Pred(scope, depth - 1)} THEN {Text(scope, depth - 1)} ELSE {Text(scope, depth - 1)} END",
            4 => $"(COALESCE({Text(scope, depth - 1)}, '') || COALESCE({Text(scope, depth - 1)}, ''))",
            5 => $"CAST({Int(scope, depth - 1).Sql} AS TEXT)",
            6 when scope.Subqueries => TextSubquery(scope),
            _ => TextLeaf(scope),
        };
    }

    private string TextLeaf(Scope scope) =>
        Chance(0.75) && Column(scope, DiffType.Text, 0.25) is { } c ? $"{c.Alias}.{c.Column.Name}" : TextLiteral(Word());

    private string Word() => Vocabulary[_rng.Next(Vocabulary.Count)];

    /// <summary>pred := leaf | pred AND pred | pred OR pred | NOT pred, parenthesized.</summary>
    private string Pred(Scope scope, int depth)
    {
        if (depth <= 0 || Chance(0.4)) return PredLeaf(scope, depth);
        return _rng.Next(7) switch
        {
            < 3 => $"({Pred(scope, depth - 1)} AND {Pred(scope, depth - 1)})",
            < 6 => $"({Pred(scope, depth - 1)} OR {Pred(scope, depth - 1)})",
            _ => $"(NOT {Pred(scope, depth - 1)})",
        };
    }

    private string PredLeaf(Scope scope, int depth)
    {
        int d = Math.Max(depth, 1);
        switch (_rng.Next(scope.Subqueries ? 17 : 13))
        {
            case < 4:
                return $"({Lead(Int(scope, d).Sql)} {Comparison()} {Int(scope, d).Sql})";
            case 4:
                return $"({Lead(Text(scope, 1))} {Comparison()} {Text(scope, 1)})";
            case 5:
                return $"({Lead(Chance(0.6) ? Int(scope, d).Sql : Text(scope, 1))} IS {Not()}NULL)";
            case 6:
                return $"({Lead(Int(scope, d).Sql)} {Not()}BETWEEN {Int(scope, 0).Sql} AND {Int(scope, 1).Sql})";
            case 7:
            {
                var items = Enumerable.Range(0, _rng.Next(1, 5)).Select(_ => Chance(0.1) ? "NULL" : IntLiteral(_rng.Next(-3, 16)));
                return $"({Lead(Int(scope, d).Sql)} {Not()}IN ({string.Join(", ", items)}))";
            }
            case 8:
            {
                var items = Enumerable.Range(0, _rng.Next(1, 4)).Select(_ => Chance(0.1) ? "NULL" : TextLiteral(Word()));
                return $"({Lead(Text(scope, 1))} {Not()}IN ({string.Join(", ", items)}))";
            }
            case 9:
            {
                // SQLite's LIKE ignores ASCII case, PostgreSQL's does not: only raw (lower-case) columns and patterns.
                var raw = scope.Vars.Where(v => Tables.Contains(v.Relation))
                    .SelectMany(v => v.Relation.OfType(DiffType.Text).Select(c => $"{v.Alias}.{c.Name}")).ToList();
                if (raw.Count == 0) goto case 4;
                return $"({raw[_rng.Next(raw.Count)]} {Not()}LIKE {TextLiteral(Pick(LikePatterns))})";
            }
            case 10:
                return Chance(0.5)
                    ? $"({Lead(Int(scope, d).Sql)} IS {Not()}DISTINCT FROM {Int(scope, d).Sql})"
                    : $"({Lead(Text(scope, 1))} IS {Not()}DISTINCT FROM {Text(scope, 1)})";
            case 11:
            {
                if (Column(scope, DiffType.Bool, 0.25) is not { } c) goto case 4;
                return $"({Not()}{c.Alias}.{c.Column.Name})";
            }
            case 12:
                return Chance(0.3) ? $"({Sargable(scope)} AND {Sargable(scope)})" : Sargable(scope);
            case 13:
                return Exists(scope);
            case 14:
                return InSubquery(scope);
            case 15:
                return $"({Lead(Int(scope, 1).Sql)} {Comparison()} {ScalarSubquery(scope).Sql})";
            default:
                return $"({Lead(Text(scope, 0))} {Comparison()} {TextSubquery(scope)})";
        }
    }

    /// <summary>
    /// A bare column against constants (=, &lt;, &gt;=, BETWEEN, IN, IS NULL): the shapes a primary-key range or
    /// a secondary index can serve, so key and index scans, NULLs in indexes included, are exercised.
    /// </summary>
    private string Sargable(Scope scope)
    {
        var columns = Columns(scope, DiffType.Int).Concat(Columns(scope, DiffType.Text)).ToList();
        if (columns.Count == 0) return "(1 = 1)";
        var (column, alias) = columns[_rng.Next(columns.Count)];
        string name = $"{alias}.{column.Name}";
        Func<string> constant = column.Type == DiffType.Int
            ? () => IntLiteral(_rng.Next(-3, (int)Math.Min(column.Bound, 40) + 1))
            : () => TextLiteral(Word());
        return _rng.Next(6) switch
        {
            0 or 1 => $"({name} = {constant()})",
            2 => $"({name} {Pick("<", "<=", ">", ">=")} {constant()})",
            3 => $"({name} BETWEEN {constant()} AND {constant()})",
            4 => $"({name} IN ({constant()}, {constant()}, {constant()}))",
            _ => $"({name} IS {Not()}NULL)",
        };
    }

    private string Not() => Chance(0.3) ? "NOT " : "";

    /// <summary>
    /// The first operand of a parenthesized expression. OrleansDb bug: "((SELECT 1) + 1)" fails with
    /// 42601, the parser reads any "(" followed by "(SELECT" as a parenthesized query; so a scalar
    /// subquery never opens a parenthesized expression, it goes in an (identity) COALESCE instead.
    /// </summary>
    private static string Lead(string operand) =>
        operand.StartsWith("(SELECT", StringComparison.Ordinal) ? $"COALESCE({operand}, NULL)" : operand;

    /// <summary>[NOT] EXISTS (SELECT 1|*|column FROM ... WHERE [correlation AND] pred).</summary>
    private string Exists(Scope scope)
    {
        var (from, inner, where) = From(scope);
        Correlate(inner, where);
        if (Chance(0.7)) where.Add(Pred(inner, 1));
        string item = Pick("1", "*", $"{inner.Vars[0].Alias}.{inner.Vars[0].Relation.Columns[0].Name}");
        return $"({Not()}EXISTS (SELECT {item} FROM {from}{Where(where)}))";
    }

    /// <summary>int [NOT] IN (SELECT [DISTINCT] int FROM ... WHERE ...), or the same over text.</summary>
    private string InSubquery(Scope scope)
    {
        var (from, inner, where) = From(scope);
        Correlate(inner, where);
        if (Chance(0.6)) where.Add(Pred(inner, 1));
        var local = inner with { Outer = null, Subqueries = false };
        bool text = Chance(0.25);
        string probe = text ? Text(scope, 1) : Int(scope, 1).Sql;
        string item = text ? Text(local, 1) : Int(local, 1).Sql;
        return $"({Lead(probe)} {Not()}IN (SELECT {(Chance(0.2) ? "DISTINCT " : "")}{item} FROM {from}{Where(where)}))";
    }

    /// <summary>
    /// An integer subquery that returns at most one row (PostgreSQL fails on more, SQLite takes the first):
    /// an aggregate without GROUP BY, a lookup by a single-column primary key, or ORDER BY 1 LIMIT 1.
    /// </summary>
    private IntExpr ScalarSubquery(Scope scope)
    {
        if (Chance(0.3))
        {
            var table = Pick(T1, T2);
            string alias = NextAlias("s");
            var column = table.Columns[_rng.Next(1, table.Columns.Count)];
            var key = Int(scope with { Subqueries = false }, 1);
            if (column.Type == DiffType.Int)
            {
                return new($"(SELECT {alias}.{column.Name} FROM {table.From} AS {alias} WHERE {alias}.{table.Columns[0].Name} = {key.Sql})", column.Bound);
            }
            return new($"(SELECT length({alias}.{column.Name}) FROM {table.From} AS {alias} WHERE {alias}.{table.Columns[0].Name} = {key.Sql})", 6);
        }
        var (from, inner, where) = From(scope);
        Correlate(inner, where);
        if (Chance(0.6)) where.Add(Pred(inner, 1));
        if (Chance(0.2))
        {
            var item = Int(inner with { Outer = null, Subqueries = false }, 1);
            return new($"(SELECT {item.Sql} FROM {from}{Where(where)} ORDER BY 1 {Pick("ASC", "DESC")} NULLS {Pick("FIRST", "LAST")} LIMIT 1)", item.Bound);
        }
        var aggregate = Aggregate(inner, DiffType.Int);
        return new($"(SELECT {aggregate.Sql} FROM {from}{Where(where)})", aggregate.Bound);
    }

    /// <summary>(SELECT MIN|MAX(text) FROM ... WHERE ...) or (SELECT text ... ORDER BY 1 LIMIT 1): one row at most.</summary>
    private string TextSubquery(Scope scope)
    {
        var (from, inner, where) = From(scope);
        Correlate(inner, where);
        if (Chance(0.6)) where.Add(Pred(inner, 1));
        if (Chance(0.7)) return $"(SELECT {Aggregate(inner, DiffType.Text).Sql} FROM {from}{Where(where)})";
        string item = Text(inner with { Outer = null, Subqueries = false }, 1);
        return $"(SELECT {item} FROM {from}{Where(where)} ORDER BY 1 {Pick("ASC", "DESC")} NULLS {Pick("FIRST", "LAST")} LIMIT 1)";
    }

    /// <summary>
    /// An aggregate of <paramref name="type"/> over the scope's own columns only: in PostgreSQL an aggregate
    /// whose arguments name only outer columns belongs to the outer query, which SQLite does not follow.
    /// </summary>
    private (string Sql, long Bound) Aggregate(Scope scope, DiffType type)
    {
        var local = scope with { Outer = null, Subqueries = false };
        long rows = local.Vars.Aggregate(1L, (n, v) => n * v.Relation.RowCount);
        if (type == DiffType.Text) return ($"{Pick("MIN", "MAX")}({Text(local, 1)})", 0);
        if (type == DiffType.Bool)
        {
            var (sql, _) = Aggregate(local, DiffType.Int);
            return ($"({sql} {Comparison()} {IntLiteral(_rng.Next(0, 10))})", 0);
        }
        switch (_rng.Next(9))
        {
            case 0:
                return ("COUNT(*)", rows);
            case 1:
                return ($"COUNT({(Chance(0.7) ? Int(local, 1).Sql : Text(local, 1))})", rows);
            case 2:
                return ($"COUNT(DISTINCT {(Chance(0.7) ? Int(local, 1).Sql : Text(local, 1))})", rows);
            case 3:
            case 4:
            {
                var e = Int(local, 1);
                return ($"SUM({(Chance(0.2) ? "DISTINCT " : "")}{e.Sql})", e.Bound * rows);
            }
            case 5:
            case 6:
            {
                var e = Int(local, 1);
                return ($"{Pick("MIN", "MAX")}({e.Sql})", e.Bound);
            }
            default:
            {
                var (l, lb) = Aggregate(local, DiffType.Int);
                var (r, rb) = Aggregate(local, DiffType.Int);
                return ($"({l} {Pick("+", "-")} {r})", lb + rb);
            }
        }
    }
}
