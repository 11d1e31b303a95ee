using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Expressions;

namespace OrleansDb.Sql.Planning;

/// <summary>
/// Plans a tree of inner joins together with the filter above it, as one problem: the join's inputs
/// (leaves) and all their conditions (ON and WHERE) are collected; conditions on one input are pushed
/// into it (so they reach its scan and key range); the inputs are then joined greedily, the most
/// selective first, each next one chosen among those linked to what is joined by a condition, so no
/// cross product is built while an equi-join links the tables. Equalities become hash-join keys.
/// The result is projected back to the original column order, so the nodes above are unaffected.
/// </summary>
internal static class JoinPlanner
{
    private sealed record Leaf(LogicalNode Node, int Offset, int Width)
    {
        public PlanNode? Planned { get; set; }

        public bool Contains(int ordinal) => ordinal >= Offset && ordinal < Offset + Width;
    }

    private sealed record Conjunct(BoundExpr Expr, HashSet<int> Leaves, bool HasSubquery);

    public static PlanNode Plan(LogicalNode root, BoundExpr? filter, Func<LogicalNode, PlanNode> planChild)
    {
        var leaves = new List<Leaf>();
        var conditions = new List<BoundExpr>();
        Flatten(root, 0, leaves, conditions);
        if (filter is not null) conditions.Add(filter);
        var conjuncts = conditions.SelectMany(KeyRangeSelector.Conjuncts)
            .Select(c => new Conjunct(c, LeavesOf(c, leaves), AsyncExpr.Within(c))).ToList();
        foreach (var implied in ImpliedEqualities(conjuncts)) conjuncts.Add(new Conjunct(implied, LeavesOf(implied, leaves), false));

        // Conditions on a single input go into that input.
        foreach (var (leaf, index) in leaves.Select((l, i) => (l, i)))
        {
            var local = conjuncts.Where(c => !c.HasSubquery && c.Leaves.Count == 1 && c.Leaves.Contains(index)).ToList();
            LogicalNode node = leaf.Node;
            if (local.Count > 0)
            {
                var predicate = And(local.Select(c => ColumnRemapper.Remap(c.Expr, o => o - leaf.Offset)).ToList());
                node = new LogicalFilter(node, predicate);
                foreach (var c in local) conjuncts.Remove(c);
            }
            leaf.Planned = planChild(node);
        }

        var joined = new HashSet<int>();
        var layout = new List<int>();
        PlanNode? plan = null;
        while (joined.Count < leaves.Count)
        {
            int next = ChooseNext(leaves, conjuncts, joined);
            var leaf = leaves[next];
            if (plan is null)
            {
                plan = leaf.Planned!;
            }
            else
            {
                var now = new HashSet<int>(joined) { next };
                var applicable = conjuncts.Where(c => !c.HasSubquery && c.Leaves.IsSubsetOf(now) && c.Leaves.Contains(next)).ToList();
                foreach (var c in applicable) conjuncts.Remove(c);
                var leftKeys = new List<BoundExpr>();
                var rightKeys = new List<BoundExpr>();
                var residual = new List<BoundExpr>();
                int leftWidth = layout.Count;
                int LeftPosition(int o) => layout.IndexOf(o);
                int CombinedPosition(int o) => leaf.Contains(o) ? leftWidth + (o - leaf.Offset) : layout.IndexOf(o);
                foreach (var c in applicable)
                {
                    if (c.Expr is CompareExpr { Op: CompareOp.Equal } eq && SidesSplit(eq, leaf, joined, leaves) is var (l, r) && l is not null)
                    {
                        leftKeys.Add(ColumnRemapper.Remap(l, LeftPosition));
                        rightKeys.Add(ColumnRemapper.Remap(r!, o => o - leaf.Offset));
                    }
                    else
                    {
                        residual.Add(ColumnRemapper.Remap(c.Expr, CombinedPosition));
                    }
                }
                plan = (PlanNode?)LookupJoin(plan, leaf.Planned!, leftKeys, rightKeys, residual)
                    ?? (leftKeys.Count > 0
                        ? new HashJoinPlan(plan, leaf.Planned!, LogicalJoinKind.Inner, leftKeys, rightKeys, residual.Count == 0 ? null : And(residual))
                        : new NestedLoopJoinPlan(plan, leaf.Planned!, LogicalJoinKind.Inner, residual.Count == 0 ? null : And(residual)));
            }
            joined.Add(next);
            for (int i = 0; i < leaf.Width; i++) layout.Add(leaf.Offset + i);
        }

        // Back to the original column order; what is left (subqueries, constants) filters the result.
        bool reordered = layout.Select((o, i) => o != i).Any(x => x);
        if (reordered)
        {
            var exprs = Enumerable.Range(0, layout.Count).Select(o => (BoundExpr)new ColumnExpr(layout.IndexOf(o), plan!.Columns[layout.IndexOf(o)].Type, plan.Columns[layout.IndexOf(o)].Name)).ToList();
            plan = new ProjectPlan(plan!, exprs, root.Columns);
        }
        if (conjuncts.Count > 0) plan = new FilterPlan(plan!, And(conjuncts.Select(c => c.Expr).ToList()));
        return plan!;
    }

    /// <summary>
    /// Equalities the conditions imply across a join (the simplest of PostgreSQL's equivalence classes):
    /// from <c>a = b</c> linking two inputs and <c>a = constant</c>, also <c>b = constant</c>, so the
    /// other input's scan can use its key or an index as well. Only plain columns of one type are
    /// linked, so the implied comparison means exactly what the given one does; it is redundant, never
    /// wrong. Repeats until nothing new follows (chains of joins).
    /// </summary>
    private static List<BoundExpr> ImpliedEqualities(List<Conjunct> conjuncts)
    {
        var links = new List<(ColumnExpr A, ColumnExpr B)>();
        var fixedTo = new Dictionary<int, BoundExpr>();
        foreach (var c in conjuncts.Where(c => !c.HasSubquery))
        {
            if (c.Expr is not CompareExpr { Op: CompareOp.Equal } eq) continue;
            if (eq.Left is ColumnExpr a && eq.Right is ColumnExpr b && a.Type == b.Type && c.Leaves.Count == 2) links.Add((a, b));
            else if (eq.Left is ColumnExpr column && IsConstant(eq.Right)) fixedTo.TryAdd(column.Ordinal, eq.Right);
            else if (eq.Right is ColumnExpr reversed && IsConstant(eq.Left)) fixedTo.TryAdd(reversed.Ordinal, eq.Left);
        }
        var implied = new List<BoundExpr>();
        for (bool found = true; found;)
        {
            found = false;
            foreach (var (a, b) in links)
            {
                foreach (var (from, to) in new[] { (a, b), (b, a) })
                {
                    if (!fixedTo.TryGetValue(from.Ordinal, out var value) || fixedTo.ContainsKey(to.Ordinal)) continue;
                    fixedTo[to.Ordinal] = value;
                    implied.Add(new CompareExpr(CompareOp.Equal, to, value));
                    found = true;
                }
            }
        }
        return implied;
    }

    private static bool IsConstant(BoundExpr expr) => expr is ConstantExpr or ParameterExpr;

    private static void Flatten(LogicalNode node, int offset, List<Leaf> leaves, List<BoundExpr> conditions)
    {
        if (node is LogicalJoin { Kind: LogicalJoinKind.Inner } join)
        {
            Flatten(join.Left, offset, leaves, conditions);
            Flatten(join.Right, offset + join.Left.Columns.Count, leaves, conditions);
            if (join.Condition is not null) conditions.Add(offset == 0 ? join.Condition : ColumnRemapper.Remap(join.Condition, o => o + offset));
            return;
        }
        leaves.Add(new Leaf(node, offset, node.Columns.Count));
    }

    private static HashSet<int> LeavesOf(BoundExpr expr, List<Leaf> leaves)
    {
        var columns = new HashSet<int>();
        ColumnRemapper.CollectColumns(expr, columns);
        var result = new HashSet<int>();
        foreach (int c in columns)
        {
            int index = leaves.FindIndex(l => l.Contains(c));
            if (index >= 0) result.Add(index);
        }
        return result;
    }

    /// <summary>For <c>a = b</c> with one side on the joined inputs and the other on <paramref name="leaf"/>: (joined side, leaf side).</summary>
    private static (BoundExpr? Left, BoundExpr? Right) SidesSplit(CompareExpr eq, Leaf leaf, HashSet<int> joined, List<Leaf> leaves)
    {
        bool OnLeaf(BoundExpr e)
        {
            var set = LeavesOf(e, leaves);
            return set.Count > 0 && set.All(i => leaves[i] == leaf);
        }
        bool OnJoined(BoundExpr e)
        {
            var set = LeavesOf(e, leaves);
            return set.Count > 0 && set.All(joined.Contains);
        }
        if (AsyncExpr.Within(eq)) return (null, null);
        if (OnJoined(eq.Left) && OnLeaf(eq.Right)) return (eq.Left, eq.Right);
        if (OnLeaf(eq.Left) && OnJoined(eq.Right)) return (eq.Right, eq.Left);
        return (null, null);
    }

    /// <summary>
    /// The next input to join: first the most selective; then, among inputs linked to the joined ones by
    /// an equality (else by any condition), the most selective; an unlinked input only when none is linked.
    /// </summary>
    private static int ChooseNext(List<Leaf> leaves, List<Conjunct> conjuncts, HashSet<int> joined)
    {
        var candidates = Enumerable.Range(0, leaves.Count).Where(i => !joined.Contains(i)).ToList();
        if (joined.Count > 0)
        {
            bool Linked(int i, bool equalityOnly) => conjuncts.Any(c => !c.HasSubquery && c.Leaves.Contains(i)
                && c.Leaves.Any(joined.Contains) && c.Leaves.All(l => l == i || joined.Contains(l))
                && (!equalityOnly || c.Expr is CompareExpr { Op: CompareOp.Equal }));
            var linked = candidates.Where(i => Linked(i, true)).ToList();
            if (linked.Count == 0) linked = candidates.Where(i => Linked(i, false)).ToList();
            if (linked.Count > 0) candidates = linked;
        }
        return candidates.OrderBy(i => Selectivity(leaves[i].Planned!)).ThenBy(i => i).First();
    }

    /// <summary>
    /// A lookup join when the equalities fix the whole primary key of a table that would otherwise be
    /// read entirely and the rows joined so far are few: point lookups beat reading the table.
    /// </summary>
    private static LookupJoinPlan? LookupJoin(PlanNode left, PlanNode right, List<BoundExpr> leftKeys, List<BoundExpr> rightKeys, List<BoundExpr> residual)
    {
        if (right is not AtomScanPlan { Projection: null, LimitHint: null, IndexAccess: null } scan) return null;
        if (scan.Range.Kind is KeyRangeKind.Point or KeyRangeKind.PointSet || EstimatedRows(left) > 100) return null;
        var keyExprs = new List<BoundExpr>();
        foreach (int keyOrdinal in scan.Table.PrimaryKey)
        {
            int at = rightKeys.FindIndex(k => k is ColumnExpr c && c.Ordinal == keyOrdinal);
            if (at < 0) return null;
            keyExprs.Add(leftKeys[at]);
        }
        int leftWidth = left.Columns.Count;
        var extra = new List<BoundExpr>(residual);
        for (int i = 0; i < rightKeys.Count; i++)
        {
            if (rightKeys[i] is ColumnExpr c && scan.Table.PrimaryKey.Contains(c.Ordinal)) continue;
            extra.Add(new CompareExpr(CompareOp.Equal, leftKeys[i], ColumnRemapper.Remap(rightKeys[i], o => o + leftWidth)));
        }
        return new LookupJoinPlan(left, scan.Table, scan.Alias, keyExprs, scan.Filter, extra.Count == 0 ? null : And(extra));
    }

    /// <summary>A rough row count, without statistics: enough to tell a handful of rows from a table.</summary>
    private static long EstimatedRows(PlanNode plan) => plan switch
    {
        AtomScanPlan { IndexAccess: { } access } => access.Match.EqualPrefix.Count > 0 ? 10 : 1000,
        AtomScanPlan { Range.Kind: KeyRangeKind.Point } => 1,
        AtomScanPlan { Range.Kind: KeyRangeKind.PointSet } s => s.Range.Points.Count,
        AtomScanPlan { Range.Kind: KeyRangeKind.Range } => 100,
        AtomScanPlan => 10_000,
        LookupJoinPlan l => EstimatedRows(l.Left),
        HashJoinPlan h => Math.Max(EstimatedRows(h.Left), EstimatedRows(h.Right)),
        FilterPlan f => EstimatedRows(f.Input),
        ProjectPlan p => EstimatedRows(p.Input),
        _ => 10_000,
    };

    /// <summary>Lower is more selective: a point lookup, a range scan, a filtered scan, anything else.</summary>
    private static int Selectivity(PlanNode plan) => plan switch
    {
        AtomScanPlan { Range.Kind: KeyRangeKind.Point } => 0,
        AtomScanPlan { Range.Kind: KeyRangeKind.Range } => 1,
        AtomScanPlan { Filter: not null } => 2,
        FilterPlan or TrimPlan { Input: FilterPlan } => 2,
        AtomScanPlan => 3,
        _ => 2,
    };

    private static BoundExpr And(IReadOnlyList<BoundExpr> conjuncts) => conjuncts.Count == 1 ? conjuncts[0] : new AndExpr(conjuncts);
}
