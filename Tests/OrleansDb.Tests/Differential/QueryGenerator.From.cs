using System.Text;

namespace OrleansDb.Tests.Differential;

public sealed partial class QueryGenerator
{
    /// <summary>
    /// from := relation (join relation)*, one to three relations, each joined on an equality so no join
    /// degenerates into a large cross product. A comma join puts its equality in the returned WHERE list.
    /// FULL JOIN gets only equalities (PostgreSQL accepts nothing else there). After a comma, ON clauses
    /// only name the relations after it: in PostgreSQL a JOIN binds tighter than the comma.
    /// The returned scope allows subqueries only in a top-level block over few rows: OrleansDb runs a
    /// correlated subquery once per outer row, and the run must stay within its time budget.
    /// </summary>
    /// <param name="outer">The enclosing query block's scope (empty at the top and in derived tables).</param>
    private (string Sql, Scope Scope, List<string> Where) From(Scope outer)
    {
        bool correlated = outer.Vars.Count > 0;
        int level = correlated ? outer.Level + 1 : outer.Level;
        var vars = new List<RangeVar> { Relation(level) };
        long rows = vars[0].Relation.RowCount;
        var sql = new StringBuilder(Render(vars[0]));
        var where = new List<string>();
        int count = correlated ? (outer.Rows <= SmallOuter && Chance(0.3) ? 2 : 1) : _rng.Next(10) switch { < 4 => 1, < 9 => 2, _ => 3 };
        int group = 0;
        while (vars.Count < count)
        {
            var next = Relation(level);
            string equality = JoinEquality(vars.Skip(group).ToList(), next);
            long joinedRows = Math.Max(rows * next.Relation.RowCount / 10, rows + next.Relation.RowCount);
            if (joinedRows > MaxJoinRows) break;
            rows = joinedRows;
            var on = new Scope([.. vars.Skip(group), next], null, level, rows, Subqueries: false);
            int kind = _rng.Next(10);
            if (_leftJoinsOnly && kind is 6 or 7) kind = 5;
            switch (kind)
            {
                case < 4:
                    sql.Append($" {Pick("JOIN", "INNER JOIN")} {Render(next)} ON {equality}{ExtraOn(on)}");
                    break;
                case < 6:
                    sql.Append($" {Pick("LEFT JOIN", "LEFT OUTER JOIN")} {Render(next)} ON {equality}{ExtraOn(on)}");
                    break;
                case 6:
                    sql.Append($" RIGHT JOIN {Render(next)} ON {equality}{ExtraOn(on)}");
                    break;
                case 7:
                    string? second = Chance(0.3) ? JoinEquality(vars.Skip(group).ToList(), next) : null;
                    sql.Append($" FULL JOIN {Render(next)} ON {equality}{(second is null ? "" : $" AND {second}")}");
                    break;
                default:
                    sql.Append($", {Render(next)}");
                    where.Add(equality);
                    group = vars.Count;
                    break;
            }
            vars.Add(next);
        }
        bool subqueries = level == 0 && rows <= MaxSubqueryOuterRows;
        return (sql.ToString(), new Scope(vars, correlated ? outer : null, level, rows, subqueries), where);
    }

    /// <summary>A base table (mostly) or, in a top-level block, a derived table inline or as a WITH query.</summary>
    private RangeVar Relation(int level)
    {
        if (level == 0 && !_inDerivedTable && Chance(0.12))
        {
            _inDerivedTable = true;
            var derived = DerivedTable();
            _inDerivedTable = false;
            string alias = NextAlias("v");
            string from = $"({derived.Sql})";
            if (Chance(0.5))
            {
                from = $"w{_aliases}";
                _ctes.Add($"{from} AS ({derived.Sql})");
            }
            return new RangeVar(alias, new DiffRelation(from, derived.Columns, (int)Math.Min(derived.Rows, MaxJoinRows)));
        }
        var table = DifferentialSchema.Tables[_rng.Next(DifferentialSchema.Tables.Count)];
        return new RangeVar(NextAlias(level == 0 ? "p" : "s"), table);
    }

    private static string Render(RangeVar v) => $"{v.Relation.From} AS {v.Alias}";

    /// <summary>
    /// left.col = next.col, over integers mostly, sometimes over text. Every relation has an integer column
    /// (derived tables are given one), so there always is an equality.
    /// </summary>
    private string JoinEquality(List<RangeVar> left, RangeVar next)
    {
        var type = Chance(0.15) ? DiffType.Text : DiffType.Int;
        var lefts = left.SelectMany(v => v.Relation.OfType(type).Select(c => $"{v.Alias}.{c.Name}")).ToList();
        var rights = next.Relation.OfType(type).Select(c => $"{next.Alias}.{c.Name}").ToList();
        if (lefts.Count == 0 || rights.Count == 0) return JoinEquality(left, next);
        string l = lefts[_rng.Next(lefts.Count)], r = rights[_rng.Next(rights.Count)];
        return Chance(0.5) ? $"{l} = {r}" : $"{r} = {l}";
    }

    private string ExtraOn(Scope on) => Chance(0.35) ? $" AND {Pred(on, 1)}" : "";

    /// <summary>A correlation equality inner.col = outer.col, added to a subquery's WHERE list now and then.</summary>
    private void Correlate(Scope inner, List<string> where)
    {
        if (inner.Outer is null || !Chance(0.6)) return;
        var innerColumn = Column(inner with { Outer = null }, DiffType.Int, 0);
        var outerColumn = Column(inner.Outer, DiffType.Int, 0);
        if (innerColumn is { } i && outerColumn is { } o) where.Add($"{i.Alias}.{i.Column.Name} = {o.Alias}.{o.Column.Name}");
    }

    /// <summary>
    /// A column of <paramref name="type"/> from the scope, or with probability <paramref name="outerChance"/>
    /// from an enclosing scope (a correlated reference); null when there is none.
    /// </summary>
    private (DiffColumn Column, string Alias)? Column(Scope scope, DiffType type, double outerChance)
    {
        var from = scope;
        while (from.Outer is not null && Chance(outerChance)) from = from.Outer;
        var candidates = Columns(from, type);
        if (candidates.Count == 0) candidates = Columns(scope, type);
        return candidates.Count == 0 ? null : candidates[_rng.Next(candidates.Count)];
    }

    private static List<(DiffColumn Column, string Alias)> Columns(Scope scope, DiffType type) =>
        scope.Vars.SelectMany(v => v.Relation.OfType(type).Select(c => (c, v.Alias))).ToList();
}
