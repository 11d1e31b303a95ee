namespace OrleansDb.Bench.Workloads;

/// <summary>
/// The ~100-byte values of <c>kv.v</c>: 1024 fixed ASCII strings, so that making a value costs nothing
/// during a measurement and every target stores the same bytes for the same key.
/// </summary>
public static class KvValues
{
    public const int Length = 100;

    private static readonly string[] Pool = MakePool(1024, seed: 42);

    public static string ForKey(long key) => Pool[key & (Pool.Length - 1)];

    public static string Any(Random random) => Pool[random.Next(Pool.Length)];

    private static string[] MakePool(int count, int seed)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => string.Create(Length, random, static (chars, r) =>
            {
                for (int i = 0; i < chars.Length; i++) chars[i] = Alphabet[r.Next(Alphabet.Length)];
            }))
            .ToArray();
    }
}
