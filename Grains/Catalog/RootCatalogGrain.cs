using OrleansDb.Cluster;
using OrleansDb.Sql;
using OrleansDb.Storage;

namespace OrleansDb.Catalog;

/// <summary>
/// The root catalog atom's originator. Every transaction that creates or drops a table commits through
/// it, one at a time: it checks the names against the newest committed catalog, then commits through
/// the sequencer and waits until its engine has applied the change, so the next one sees it.
/// </summary>
[OrderedSiloPlacement(EngineRole.Cache)]
public sealed class RootCatalogGrain(AtomStore store) : Grain, IRootCatalogGrain
{
    public async Task<CommitOutcome> Commit(CommitMessage commit)
    {
        var sequencer = GrainFactory.GetGrain<ISequencerGrain>(0);
        await store.WaitForVersionAsync(await sequencer.GetReadVersion());
        var catalog = store.Catalog;
        var freed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var op in LogCodec.Decode(commit.Ops))
        {
            switch (op)
            {
                case CreateTableOp create:
                    {
                        string key = CatalogSnapshot.Key(create.Schema.SchemaName, create.Schema.Name);
                        if (catalog.FindTable(create.Schema.SchemaName, create.Schema.Name) is not null && !freed.Contains(key))
                        {
                            return new CommitOutcome(0, new SqlError(SqlState.DuplicateTable, $"relation \"{create.Schema.Name}\" already exists", null));
                        }
                        break;
                    }
                case DropTableOp drop:
                    {
                        if (catalog.FindTable(drop.TableId) is not { } dropped)
                        {
                            return new CommitOutcome(0, new SqlError(SqlState.SerializationFailure, "could not serialize access: the table was dropped concurrently", null));
                        }
                        freed.Add(CatalogSnapshot.Key(dropped.Schema.SchemaName, dropped.Schema.Name));
                        break;
                    }
            }
        }
        var outcome = await sequencer.Commit(commit);
        if (outcome.Error is null) await store.WaitForVersionAsync(outcome.Version);
        return outcome;
    }
}
