using Microsoft.Extensions.Options;
using OrleansDb.Cluster;
using OrleansDb.Configuration;
using OrleansDb.Sql;
using OrleansDb.Sql.Execution;
using OrleansDb.Storage;

namespace OrleansDb.Engine;

/// <summary>
/// <see cref="IDataAccess"/> on a silo: the catalog and versions come from this engine's
/// <see cref="AtomStore"/>; scans go to record atom grains; commits go to the sequencer (or, when they
/// change the catalog, through the root catalog). Grain failures become SQLSTATEs: 57P03 when the
/// cluster cannot serve, 08007 when a commit's outcome is unknown.
/// </summary>
public sealed class GrainDataAccess(
    AtomStore store, IGrainFactory grains, ReadVersionSource readVersions, IdBlockAllocator ids, SequenceCache sequences, ClusterView cluster,
    IOptions<OrleansDbOptions> options) : IDataAccess
{
    // Grain references are resolved once: resolving one costs microseconds of reflection in Orleans.
    private readonly ISequencerGrain _sequencer = grains.GetGrain<ISequencerGrain>(0);
    private readonly IRootCatalogGrain _rootCatalog = grains.GetGrain<IRootCatalogGrain>(0);

    public CatalogSnapshot Catalog => store.Catalog;

    public CatalogSnapshot? CatalogAt(long version) => store.CatalogAt(version);

    public long AppliedVersion => store.AppliedVersion;

    public Task<long> GetReadVersionAsync(CancellationToken cancellationToken) =>
        ServedAsync(() => readVersions.NextAsync().WaitAsync(cancellationToken));

    public async Task WaitForVersionAsync(long version, CancellationToken cancellationToken)
    {
        try
        {
            await store.WaitForVersionAsync(version, cancellationToken).WaitAsync(options.Value.VersionWaitTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new SqlException(SqlState.CannotConnectNow, $"this engine has not applied version {version} yet; try again");
        }
    }

    /// <summary>
    /// Scans an atom: from this engine's own copy when it holds one — an archive holds every atom, a cache
    /// engine the ones it fetched or split — once it has applied the request's wait version (every copy
    /// applies the same log, so at a read version all copies agree), else through the atom's originator.
    /// </summary>
    public async Task<AtomScanResult> ScanAsync(long atomId, TableSchema table, AtomScanRequest request, CancellationToken cancellationToken)
    {
        if (store.FindAtom(atomId) is not null)
        {
            await WaitForVersionAsync(request.WaitVersion, cancellationToken);
            // Looked up again after the wait: a cache engine may have evicted it meanwhile.
            if (store.FindAtom(atomId) is { } atom) return AtomScanner.Execute(store, atom, request);
        }
        var reply = await ServedAsync(() => grains.GetGrain<IRecordAtomGrain>(atomId).Scan(ScanCodec.EncodeRequest(request)).WaitAsync(cancellationToken));
        if (reply.Error is { } error) throw new SqlException(error.Code, error.Message, error.Position);
        return ScanCodec.DecodeResult(reply.Result, ScanCodec.ResultKinds(request, table));
    }

    public Task<long> AllocateIdsAsync(int count, CancellationToken cancellationToken) =>
        ServedAsync(() => ids.AllocateAsync(count).WaitAsync(cancellationToken));

    public async Task<long> CommitAsync(CommitRequest request, CancellationToken cancellationToken)
    {
        var message = new CommitMessage
        {
            ReadVersion = request.ReadVersion,
            Ops = request.Ops,
            ConflictKeys = request.ConflictKeys,
            Owner = request.Owner,
            ReadKeys = request.ReadKeys,
            ReadRanges = request.ReadRanges.Select(r => new KeyRangeMessage(r.Space, r.Low, r.High)).ToArray(),
        };
        CommitOutcome outcome;
        try
        {
            outcome = request.HasCatalogChanges
                ? await _rootCatalog.Commit(message)
                : await _sequencer.Commit(message);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw new SqlException(SqlState.TransactionResolutionUnknown,
                $"the outcome of the commit is unknown: {e.GetBaseException().Message}");
        }
        if (outcome.Error is { } error) throw new SqlException(error.Code, error.Message, error.Position);
        return outcome.Version;
    }

    public async Task<LockResult> LockAsync(long owner, long readVersion, long[] keys, CancellationToken cancellationToken)
    {
        var reply = await ServedAsync(() => _sequencer
            .Lock(new LockMessage { Owner = owner, ReadVersion = readVersion, Keys = keys, Silo = ClusterView.Key(cluster.LocalSilo) })
            .WaitAsync(cancellationToken));
        return reply switch
        {
            LockReply.Acquired => LockResult.Acquired,
            LockReply.Written => LockResult.Written,
            _ => LockResult.Deadlock,
        };
    }

    public async Task ReleaseAsync(long owner, CancellationToken cancellationToken)
    {
        try
        {
            await _sequencer.Release(owner).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            // The sequencer releases a dead transaction's locks when it notices; nothing more to do here.
        }
    }

    public Task<long> NextValueAsync(SequenceSchema sequence, CancellationToken cancellationToken) =>
        ServedAsync(() => sequences.NextAsync(sequence, cancellationToken));

    public Task SetValueAsync(SequenceSchema sequence, long value, bool isCalled, CancellationToken cancellationToken) =>
        ServedAsync(async () =>
        {
            await sequences.SetAsync(sequence, value, isCalled, cancellationToken);
            return true;
        });

    /// <summary>Runs a call into the cluster; a grain failure or timeout becomes 57P03 (the cluster cannot serve now).</summary>
    private static async Task<T> ServedAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            throw Unavailable(e);
        }
    }

    private static bool IsUnavailable(Exception e) => e is OrleansException or TimeoutException or OperationCanceledException;

    private static SqlException Unavailable(Exception e) =>
        new(SqlState.CannotConnectNow, $"the cluster cannot serve this request now: {e.GetBaseException().Message}");
}
