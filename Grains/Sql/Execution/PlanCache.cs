using System.Collections.Concurrent;
using OrleansDb.Sql.Binding;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Planning;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Execution;

/// <summary>
/// An engine's parsed requests and statement plans, shared by its sessions. A plan is kept with every
/// catalog lookup its binding made and what each returned — a table's id and schema version, a view's
/// or sequence's id, a table's index ids, whether a name or schema existed. Before a cached plan runs,
/// each lookup is repeated against the running transaction's catalog; if any answer differs (the table
/// was altered, an index was created, the name now means another relation) the plan is stale and the
/// statement is bound and planned again. Queries and DML are cached; DDL and statements that list the
/// whole catalog (information_schema) are always planned afresh.
/// </summary>
public sealed class PlanCache(int capacity = 4096)
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<Statement>> _parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<PlanKey, CachedPlan> _plans = new();
    private long _hits;
    private long _misses;
    private long _replans;

    /// <summary>Plans served from the cache.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Statements planned because no plan was cached.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>Statements planned again because the cached plan was stale.</summary>
    public long Replans => Interlocked.Read(ref _replans);

    public int Count => _plans.Count;

    /// <summary>The statements of <paramref name="sql"/>, parsed once per text.</summary>
    public IReadOnlyList<Statement> Parse(string sql)
    {
        if (_parsed.TryGetValue(sql, out var statements)) return statements;
        statements = Parser.ParseScript(sql);
        if (_parsed.Count >= capacity) _parsed.Clear();
        _parsed[sql] = statements;
        return statements;
    }

    /// <summary>The plan of statement <paramref name="index"/> of <paramref name="sql"/>, valid for <paramref name="catalog"/>.</summary>
    public StatementPlan Plan(string sql, int index, Statement statement, ICatalogReader catalog, IReadOnlyList<Value> parameters)
    {
        if (statement is not (SelectStatement or InsertStatement or UpdateStatement or DeleteStatement)) return Build(statement, catalog, parameters);
        var key = new PlanKey(sql, index, ParameterKinds(parameters));
        if (_plans.TryGetValue(key, out var cached))
        {
            if (cached.IsValidFor(catalog))
            {
                Interlocked.Increment(ref _hits);
                return cached.Plan;
            }
            Interlocked.Increment(ref _replans);
        }
        else
        {
            Interlocked.Increment(ref _misses);
        }
        var recorder = new RecordingCatalogReader(catalog);
        var plan = Build(statement, recorder, parameters);
        if (recorder.Cacheable)
        {
            if (_plans.Count >= capacity) _plans.Clear();
            _plans[key] = new CachedPlan(plan, recorder.Dependencies);
        }
        return plan;
    }

    /// <summary>Binds and plans a statement without the cache.</summary>
    public static StatementPlan Build(Statement statement, ICatalogReader catalog, IReadOnlyList<Value> parameters) =>
        Planner.Plan(new Binder(catalog, parameters).Bind(statement));

    /// <summary>Parameters type the statement by their kinds, so plans differ per kinds, not per values.</summary>
    private static string ParameterKinds(IReadOnlyList<Value> parameters)
    {
        if (parameters.Count == 0) return "";
        return string.Create(parameters.Count, parameters, (span, values) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = (char)('a' + (int)values[i].Kind);
        });
    }

    private readonly record struct PlanKey(string Sql, int Index, string ParameterKinds);

    private sealed class CachedPlan(StatementPlan plan, IReadOnlyList<Func<ICatalogReader, bool>> dependencies)
    {
        public StatementPlan Plan { get; } = plan;

        public bool IsValidFor(ICatalogReader catalog)
        {
            foreach (var holds in dependencies)
            {
                if (!holds(catalog)) return false;
            }
            return true;
        }
    }

    /// <summary>Passes lookups through and remembers, for each, a check that the same lookup still answers the same.</summary>
    private sealed class RecordingCatalogReader(ICatalogReader inner) : ICatalogReader
    {
        public List<Func<ICatalogReader, bool>> Dependencies { get; } = [];

        /// <summary>False once the binding read the whole catalog (information_schema): no lookup list describes that.</summary>
        public bool Cacheable { get; private set; } = true;

        public TableSchema? FindTable(string? schema, string name)
        {
            var table = inner.FindTable(schema, name);
            var (id, version) = (table?.Id, table?.Version);
            Dependencies.Add(c => c.FindTable(schema, name) is var now && now?.Id == id && now?.Version == version);
            return table;
        }

        public ViewSchema? FindView(string? schema, string name)
        {
            var view = inner.FindView(schema, name);
            long? id = view?.Id;
            Dependencies.Add(c => c.FindView(schema, name)?.Id == id);
            return view;
        }

        public IndexSchema? FindIndex(string? schema, string name)
        {
            var index = inner.FindIndex(schema, name);
            long? id = index?.Id;
            Dependencies.Add(c => c.FindIndex(schema, name)?.Id == id);
            return index;
        }

        public SequenceSchema? FindSequence(string? schema, string name)
        {
            var sequence = inner.FindSequence(schema, name);
            long? id = sequence?.Id;
            Dependencies.Add(c => c.FindSequence(schema, name)?.Id == id);
            return sequence;
        }

        public bool RelationExists(string? schema, string name)
        {
            bool exists = inner.RelationExists(schema, name);
            Dependencies.Add(c => c.RelationExists(schema, name) == exists);
            return exists;
        }

        public IReadOnlyList<IndexSchema> IndexesOf(long tableId)
        {
            var indexes = inner.IndexesOf(tableId);
            var ids = indexes.Select(i => i.Id).ToArray();
            Dependencies.Add(c => c.IndexesOf(tableId).Select(i => i.Id).SequenceEqual(ids));
            return indexes;
        }

        public bool SchemaExists(string schema)
        {
            bool exists = inner.SchemaExists(schema);
            Dependencies.Add(c => c.SchemaExists(schema) == exists);
            return exists;
        }

        public IEnumerable<TableSchema> AllTables
        {
            get
            {
                Cacheable = false;
                return inner.AllTables;
            }
        }

        public IEnumerable<ViewSchema> AllViews
        {
            get
            {
                Cacheable = false;
                return inner.AllViews;
            }
        }

        public IEnumerable<string> AllSchemas
        {
            get
            {
                Cacheable = false;
                return inner.AllSchemas;
            }
        }
    }
}
