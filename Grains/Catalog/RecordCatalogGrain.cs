using OrleansDb.Cluster;
using OrleansDb.Storage;

namespace OrleansDb.Catalog;

/// <summary>
/// A key space's catalog atom — a table's record catalog or an index's index catalog. It approves
/// splits of the key space's atoms one at a time: the split key must lie strictly inside the atom's
/// current range; the split is committed through the sequencer, so every engine applies it at the same
/// place in the log.
/// </summary>
[OrderedSiloPlacement(EngineRole.Cache)]
public sealed class RecordCatalogGrain(AtomStore store) : Grain, IRecordCatalogGrain
{
    public async Task<long> Split(long atomId, byte[] splitKey)
    {
        var sequencer = GrainFactory.GetGrain<ISequencerGrain>(0);
        await store.WaitForVersionAsync(await sequencer.GetReadVersion());
        long keySpace = this.GetPrimaryKeyLong();
        if (store.Catalog.FindKeySpace(keySpace)?.Atoms is not { } atoms || !atoms.CanSplitAt(atomId, splitKey)) return 0;
        long newAtomId = await sequencer.AllocateIds(1);
        var ops = LogCodec.Encode([new SplitAtomOp(keySpace, atomId, splitKey, newAtomId)]);
        var outcome = await sequencer.Commit(new CommitMessage { ReadVersion = 0, Ops = ops, ConflictKeys = [] });
        if (outcome.Error is not null) return 0;
        await store.WaitForVersionAsync(outcome.Version);
        return outcome.Version;
    }

    public Task<string> GetHost() => Task.FromResult(RuntimeIdentity);
}
