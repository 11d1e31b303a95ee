using System.IO.Hashing;
using System.Text;

namespace OrleansDb.Cluster;

/// <summary>
/// An atom's ordered silo list: silos ranked by a rendezvous (highest random weight) hash of the atom
/// id and the silo endpoint. The endpoint, not the silo generation, is hashed, so a restarted silo
/// keeps its rank; when the first silo dies, the next one in the list is first.
/// </summary>
public static class OrderedSiloList
{
    public static List<SiloAddress> For(GrainId grain, IEnumerable<SiloAddress> silos)
    {
        string id = grain.ToString();
        return silos
            .Select(s => (Silo: s, Weight: Weight(id, s)))
            .OrderByDescending(x => x.Weight)
            .ThenBy(x => x.Silo.ToParsableString(), StringComparer.Ordinal)
            .Select(x => x.Silo)
            .ToList();
    }

    private static ulong Weight(string grain, SiloAddress silo) =>
        XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(grain + "|" + silo.Endpoint));
}
