using OrleansDb.Cluster;
using OrleansDb.Storage;

namespace OrleansDb.Catalog;

/// <summary>
/// A table's record catalog atom. It approves splits of the table's record atoms one at a time: the
/// split key must lie strictly inside the atom's current range; the split is committed through the
/// sequencer, so every engine applies it at the same place in the log.
/// </summary>
[OrderedSiloPlacement(EngineRole.Cache)]
public sealed class RecordCatalogGrain(AtomStore store) : Grain, IRecordCatalogGrain
{
    public async Task<long> Split(long atomId, byte[] splitKey)
    {
        var sequencer = GrainFactory.GetGrain<ISequencerGrain>(0);
        await store.WaitForVersionAsync(await sequencer.GetReadVersion());
        var table = store.Catalog.FindTable(this.GetPrimaryKeyLong());
        if (table is null) return 0;
        int index = -1;
        for (int i = 0; i < table.Atoms.Count; i++)
        {
            if (table.Atoms.AtomAt(i) == atomId) index = i;
        }
        if (index < 0) return 0;
        var low = table.Atoms.LowAt(index);
        var high = table.Atoms.HighAt(index);
        if (splitKey.AsSpan().SequenceCompareTo(low) <= 0 || (high is not null && splitKey.AsSpan().SequenceCompareTo(high) >= 0)) return 0;
        long newAtomId = await sequencer.AllocateIds(1);
        var ops = LogCodec.Encode([new SplitAtomOp(table.Schema.Id, atomId, splitKey, newAtomId)]);
        var outcome = await sequencer.Commit(new CommitMessage { ReadVersion = 0, Ops = ops, ConflictKeys = [] });
        if (outcome.Error is not null) return 0;
        await store.WaitForVersionAsync(outcome.Version);
        return outcome.Version;
    }

    public Task<string> GetHost() => Task.FromResult(RuntimeIdentity);
}
