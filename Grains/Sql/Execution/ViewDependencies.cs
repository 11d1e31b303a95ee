using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Parsing;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// Keeps DDL from breaking views. A view is its stored query text, bound where it is used, so a DDL
/// that drops or renames what a view reads would leave a view that no longer binds. The DDL takes the
/// views that bind before its change and, after it, refuses (2BP01, as PostgreSQL refuses such a drop
/// without CASCADE) when one of them still exists but no longer binds.
/// </summary>
public static class ViewDependencies
{
    /// <summary>The views that bind against the catalog as it is now.</summary>
    public static IReadOnlyList<ViewSchema> Bindable(ICatalogReader catalog) =>
        [.. catalog.AllViews.Where(view => Binds(view, catalog))];

    /// <summary>
    /// Throws 2BP01 when a view of <paramref name="before"/> is still in the catalog but no longer binds:
    /// <paramref name="change"/> says what the statement does ("drop table t").
    /// </summary>
    public static void RefuseBroken(IReadOnlyList<ViewSchema> before, ICatalogReader catalog, string change)
    {
        if (before.Count == 0) return;
        var remaining = catalog.AllViews.Select(v => v.Id).ToHashSet();
        foreach (var view in before)
        {
            if (!remaining.Contains(view.Id) || Binds(view, catalog)) continue;
            throw new SqlException(SqlState.DependentObjectsStillExist,
                $"cannot {change} because other objects depend on it: view \"{view.Name}\" reads it");
        }
    }

    private static bool Binds(ViewSchema view, ICatalogReader catalog)
    {
        try
        {
            new Binder(catalog, []).Bind(Parser.ParseSingle(view.Sql));
            return true;
        }
        catch (SqlException)
        {
            return false;
        }
    }
}
