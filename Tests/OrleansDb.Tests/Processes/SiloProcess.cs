using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;

namespace OrleansDb.Tests.Processes;

/// <summary>
/// One OrleansDb silo running as a child process (<c>dotnet OrleansDb.Silo.dll …</c>). Dispose kills it by
/// its PID; so does the test process's exit, in case a test run is torn down without disposing. The data
/// directory is the caller's: a silo started again on it recovers what the killed one left.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    /// <summary>Enough for the whole start-up output (Orleans logs its options), so recovery messages stay readable after it.</summary>
    private const int KeptOutputLines = 1000;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly EventHandler _killOnExit;

    private SiloProcess(Process process, int httpPort, int siloPort)
    {
        _process = process;
        HttpPort = httpPort;
        SiloPort = siloPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        _killOnExit = (_, _) => Kill();
        AppDomain.CurrentDomain.ProcessExit += _killOnExit;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;

    public int HttpPort { get; }

    public int SiloPort { get; }

    /// <summary>A client of this silo's HTTP gateway.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// Starts a silo; with <paramref name="joinSiloPort"/> it joins the cluster of the silo on that port;
    /// <paramref name="extraArgs"/> go last on its command line (configuration such as <c>--OrleansDb:AtomSplitBytes 4096</c>).
    /// </summary>
    public static SiloProcess Start(
        string siloDll, int httpPort, int siloPort, int gatewayPort, string dataDir, string clusterId, int? joinSiloPort = null,
        IReadOnlyList<string>? extraArgs = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(siloDll)!,
        };
        start.ArgumentList.Add(siloDll);
        string[] args =
        [
            "--http-port", $"{httpPort}", "--silo-port", $"{siloPort}", "--gateway-port", $"{gatewayPort}",
            "--data-dir", dataDir, "--cluster-id", clusterId, "--Logging:LogLevel:Default", "Warning",
        ];
        foreach (var arg in args) start.ArgumentList.Add(arg);
        if (joinSiloPort is int join)
        {
            start.ArgumentList.Add("--join");
            start.ArgumentList.Add($"127.0.0.1:{join}");
        }
        foreach (var arg in extraArgs ?? []) start.ArgumentList.Add(arg);
        // Workstation GC keeps three silos and the test host within a small machine's memory.
        start.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        return new SiloProcess(process, httpPort, siloPort);
    }

    /// <summary>Waits until <c>GET /v1/health</c> answers 200; fails early with the silo's output if it exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"silo on HTTP port {HttpPort} exited with code {_process.ExitCode}:\n{Output()}");
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await Http.GetAsync("/v1/health", attempt.Token);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"silo on HTTP port {HttpPort} was not healthy after {timeout}:\n{Output()}");
            await Task.Delay(100);
        }
    }

    /// <summary>How many silos this silo's <c>GET /v1/cluster</c> lists as active members.</summary>
    public async Task<int> ActiveSiloCountAsync()
    {
        using var cluster = JsonDocument.Parse(await Http.GetStringAsync("/v1/cluster"));
        return cluster.RootElement.GetProperty("silos").GetArrayLength();
    }

    /// <summary>The last lines the silo wrote to stdout and stderr.</summary>
    public string Output() => string.Join('\n', _output);

    /// <summary>
    /// Kills the silo with SIGKILL (<c>kill -9</c>: no shutdown code runs, open files are left as they are)
    /// and returns once the process is gone and its output is read to the end.
    /// </summary>
    public void KillHard()
    {
        try
        {
            _process.Kill(); // SIGKILL at once: Kill(entireProcessTree) first walks every process, and the silo has no children
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        Kill();
        if (!_process.HasExited) throw new TimeoutException($"silo {Pid} did not exit after SIGKILL");
        _process.WaitForExit();
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= _killOnExit;
        Kill();
        Http.Dispose();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (_process.HasExited) return;
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines) _output.TryDequeue(out _);
    }
}
