namespace OrleansDb.Tests.Processes;

/// <summary>
/// Silo processes of one cluster on free loopback ports, each with its own data directory under one
/// temporary root. The first silo started without a peer is the primary (it holds the development
/// membership table); the others join it. Dispose kills every silo and deletes the root.
/// </summary>
public sealed class ProcessCluster(string name) : IDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory($"orleansdb-{name}-").FullName;
    private readonly string _clusterId = $"{name}-{Guid.NewGuid():N}";
    private readonly List<SiloProcess> _silos = [];
    private string? _siloDll;

    /// <summary>
    /// Starts a silo with the given engine role and waits until it is healthy. Its data directory is
    /// <paramref name="dataDirName"/> (a restart passes the killed silo's), else <c>silo{n}</c> for the n-th silo started.
    /// </summary>
    public async Task<SiloProcess> StartAsync(string engine, SiloProcess? join = null, string? dataDirName = null)
    {
        var silo = Start(engine, join, dataDirName, await SiloBinary.LocateAsync());
        await silo.WaitHealthyAsync(StartTimeout);
        return silo;
    }

    /// <summary>Starts a silo without waiting; <see cref="StartAsync"/> must have started one before (it finds the binary).</summary>
    public SiloProcess Start(string engine, SiloProcess? join = null, string? dataDirName = null) =>
        Start(engine, join, dataDirName, _siloDll ?? throw new InvalidOperationException("start the first silo with StartAsync"));

    public string DataDir(string dataDirName) => Path.Combine(_root, dataDirName);

    public void Dispose()
    {
        foreach (var silo in _silos) silo.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; the temporary directory is cleaned by the system.
        }
    }

    private SiloProcess Start(string engine, SiloProcess? join, string? dataDirName, string siloDll)
    {
        _siloDll = siloDll;
        int[] ports = FreeTcpPorts.Take(3);
        var silo = SiloProcess.Start(siloDll, ports[0], ports[1], ports[2], DataDir(dataDirName ?? $"silo{_silos.Count}"), _clusterId, join?.SiloPort,
            ["--engine", engine, "--OrleansDb:AtomSplitBytes", "8192"]);
        _silos.Add(silo);
        return silo;
    }
}
