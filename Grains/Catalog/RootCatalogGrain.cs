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
        // Replay the transaction's catalog changes on the newest catalog: each must still make sense.
        var catalog = store.Catalog;
        foreach (var op in LogCodec.Decode(commit.Ops))
        {
            var (schema, name, creates) = op switch
            {
                CreateTableOp c => (c.Schema.SchemaName, c.Schema.Name, true),
                CreateIndexOp c => (c.Schema.SchemaName, c.Schema.Name, true),
                CreateViewOp c => (c.Schema.SchemaName, c.Schema.Name, true),
                CreateSequenceOp c => (c.Schema.SchemaName, c.Schema.Name, true),
                _ => ((string?)null, (string?)null, false),
            };
            if (creates && catalog.FindRelation(schema!, name!) is not null)
            {
                return new CommitOutcome(0, new SqlError(SqlState.DuplicateTable, $"relation \"{name}\" already exists", null));
            }
            if (op is CreateSchemaOp createSchema && catalog.Schemas.Contains(createSchema.Name))
            {
                return new CommitOutcome(0, new SqlError(SqlState.DuplicateSchema, $"schema \"{createSchema.Name}\" already exists", null));
            }
            if (op is AlterTableOp alter && catalog.FindTable(alter.Schema.Id) is { } altered && altered.Schema.Name != alter.Schema.Name
                && catalog.FindRelation(alter.Schema.SchemaName, alter.Schema.Name) is not null)
            {
                return new CommitOutcome(0, new SqlError(SqlState.DuplicateTable, $"relation \"{alter.Schema.Name}\" already exists", null));
            }
            bool dropsMissing = op switch
            {
                DropTableOp d => catalog.FindTable(d.TableId) is null,
                AlterTableOp a => catalog.FindTable(a.Schema.Id) is null,
                DropSchemaOp d => !catalog.Schemas.Contains(d.Name),
                DropIndexOp d => !catalog.Indexes.ContainsKey(d.IndexId),
                DropViewOp d => !catalog.Views.ContainsKey(d.ViewId),
                DropSequenceOp d => !catalog.Sequences.ContainsKey(d.SequenceId),
                CreateIndexOp c => catalog.FindTable(c.Schema.TableId) is null,
                _ => false,
            };
            if (dropsMissing)
            {
                return new CommitOutcome(0, new SqlError(SqlState.SerializationFailure, "could not serialize access: the catalog changed concurrently", null));
            }
            catalog = catalog.Apply(catalog.Version, op);
        }
        var outcome = await sequencer.Commit(commit);
        if (outcome.Error is null) await store.WaitForVersionAsync(outcome.Version);
        return outcome;
    }
}
