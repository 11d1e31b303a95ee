namespace OrleansDb.Bench.Calls;

/// <summary>
/// Stamps every outgoing grain call with the calling silo. The request context travels with the call
/// and a value set inside this filter is seen only by the call it wraps, so the callee reads the silo
/// of its immediate caller, not of whoever started the chain.
/// </summary>
internal sealed class CallOriginStampingFilter(ILocalSiloDetails silo) : IOutgoingGrainCallFilter
{
    public const string OriginKey = "orleansdb.bench.origin-silo";

    private readonly string _self = silo.SiloAddress.ToParsableString();

    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(OriginKey, _self);
        return context.Invoke();
    }
}

/// <summary>
/// Counts every call to an OrleansDb grain that a silo runs, by its origin: no stamp means it came from
/// a client, a stamp of this silo means a local call, any other silo a cross-silo call. The Orleans
/// runtime's own grains (load statistics, timers) are not OrleansDb's cost and are left out.
/// </summary>
internal sealed class CallCountingFilter(ILocalSiloDetails silo, CallCounter counter) : IIncomingGrainCallFilter
{
    private readonly string _self = silo.SiloAddress.ToParsableString();

    public Task Invoke(IIncomingGrainCallContext context)
    {
        var type = context.InterfaceMethod?.DeclaringType;
        if (type?.Namespace?.StartsWith("OrleansDb", StringComparison.Ordinal) != true) return context.Invoke();
        var origin = RequestContext.Get(CallOriginStampingFilter.OriginKey) switch
        {
            null => CallOrigin.Client,
            string caller when caller == _self => CallOrigin.Local,
            _ => CallOrigin.CrossSilo,
        };
        counter.Count($"{type.Name}.{context.MethodName}", origin);
        return context.Invoke();
    }
}
