using System.Net;
using OrleansDb.Tests.Http;
using Xunit;

namespace OrleansDb.Tests.Processes;

/// <summary>
/// Three silo processes on this host form one cluster (the second and third join the first with
/// --join); a write through any silo's HTTP gateway is read back through every other silo.
/// </summary>
public sealed class ThreeProcessClusterTests(ThreeProcessClusterTests.ThreeSilos silos) : IClassFixture<ThreeProcessClusterTests.ThreeSilos>
{
    [Fact(Timeout = 60_000)]
    public async Task Every_Silo_Process_Is_Healthy_And_A_Distinct_Member()
    {
        var members = new List<string>();
        foreach (var silo in silos.All)
        {
            using var response = await silo.Http.GetAsync("/v1/health");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            string body = await response.Content.ReadAsStringAsync();
            Assert.Contains($":{silo.SiloPort}:", body, StringComparison.Ordinal);
            members.Add(body);
        }
        Assert.Equal(3, members.Distinct().Count());
    }

    [Fact(Timeout = 60_000)]
    public async Task Rows_Written_Through_Silo_1_Read_The_Same_Through_Silos_2_And_3()
    {
        await silos.First.Http.PostSqlOkAsync("CREATE TABLE from_first(id INT PRIMARY KEY, v TEXT)");
        await silos.First.Http.PostSqlOkAsync("INSERT INTO from_first VALUES (1, 'a'), (2, 'b'), (3, 'c')");

        foreach (var silo in silos.All)
        {
            var all = await silo.Http.PostSqlOkAsync("SELECT id, v FROM from_first ORDER BY id");
            Assert.Equal("""[[1,"a"],[2,"b"],[3,"c"]]""", all.Rows);
            var one = await silo.Http.PostSqlOkAsync("SELECT v FROM from_first WHERE id = 2");
            Assert.Equal("""[["b"]]""", one.Rows);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Rows_Written_Through_Silo_3_Are_Read_Through_Silo_1()
    {
        await silos.Third.Http.PostSqlOkAsync("CREATE TABLE from_third(id INT PRIMARY KEY, v TEXT)");
        await silos.Third.Http.PostSqlOkAsync("INSERT INTO from_third VALUES ($1, $2)", 7, "seven");
        await silos.Second.Http.PostSqlOkAsync("UPDATE from_third SET v = 'SEVEN' WHERE id = 7");

        var reply = await silos.First.Http.PostSqlOkAsync("SELECT id, v FROM from_third");

        Assert.Equal("""[[7,"SEVEN"]]""", reply.Rows);
    }

    /// <summary>Three silo processes, a free port set and a temporary data directory per test class.</summary>
    public sealed class ThreeSilos : IAsyncLifetime
    {
        private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

        private readonly List<SiloProcess> _silos = [];
        private readonly string _root = Directory.CreateTempSubdirectory("orleansdb-processes-").FullName;

        public IReadOnlyList<SiloProcess> All => _silos;

        public SiloProcess First => _silos[0];

        public SiloProcess Second => _silos[1];

        public SiloProcess Third => _silos[2];

        public async Task InitializeAsync()
        {
            try
            {
                string dll = await SiloBinary.LocateAsync();
                int[] ports = FreeTcpPorts.Take(9);
                string clusterId = $"processes-{Guid.NewGuid():N}";
                SiloProcess Start(int i, int? join) =>
                    SiloProcess.Start(dll, ports[i], ports[3 + i], ports[6 + i], Path.Combine(_root, $"silo{i + 1}"), clusterId, join);

                _silos.Add(Start(0, null));
                await First.WaitHealthyAsync(StartTimeout);
                _silos.Add(Start(1, First.SiloPort));
                _silos.Add(Start(2, First.SiloPort));
                await Task.WhenAll(Second.WaitHealthyAsync(StartTimeout), Third.WaitHealthyAsync(StartTimeout));
            }
            catch
            {
                await DisposeAsync();
                throw;
            }
        }

        public Task DisposeAsync()
        {
            foreach (var silo in _silos) silo.Dispose();
            _silos.Clear();
            try
            {
                if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temporary directory is cleaned by the system.
            }
            return Task.CompletedTask;
        }
    }
}
