using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using OrleansDb.Silo;
using OrleansDb.Tests.Processes;
using Xunit;

namespace OrleansDb.Tests.Http;

/// <summary>
/// The HTTP API v1 (<c>POST /v1/sql</c>, <c>GET /v1/health</c>) and the dashboard, against the real Kestrel
/// endpoint of a silo built by <see cref="SiloHost.Build"/> and started in this process.
/// </summary>
public sealed class HttpApiTests(HttpApiTests.HttpSilo silo) : IClassFixture<HttpApiTests.HttpSilo>
{
    private HttpClient Http => silo.Http;

    [Fact]
    public async Task Readme_Curl_Example_Returns_One_Result_Per_Statement()
    {
        // curl -d sends the body as application/x-www-form-urlencoded; the API reads it as JSON regardless.
        var reply = await Http.PostBodyAsync(
            """{"sql":"CREATE TABLE t(id INT PRIMARY KEY, v TEXT); INSERT INTO t VALUES (1,'a'),(2,'b'); SELECT v FROM t WHERE id = 2"}""",
            contentType: "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(
            """{"results":[{"columns":[],"rows":[],"rowsAffected":0},{"columns":[],"rows":[],"rowsAffected":2},{"columns":[{"name":"v","type":"text"}],"rows":[["b"]],"rowsAffected":0}]}""",
            reply.Body.GetRawText());
    }

    [Fact]
    public async Task Explain_Of_A_Primary_Key_Equality_Shows_A_Point_Lookup()
    {
        await Http.PostSqlOkAsync("CREATE TABLE explained(id INT PRIMARY KEY, v TEXT)");

        var reply = await Http.PostSqlOkAsync("EXPLAIN SELECT v FROM explained WHERE id = 2");

        Assert.StartsWith("Point Lookup on explained (id = 2)", reply.Last.GetProperty("rows")[0][0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_With_An_Integer_Parameter_Shows_A_Point_Lookup()
    {
        await Http.PostSqlOkAsync("CREATE TABLE explained_param(id INT PRIMARY KEY, v TEXT)");

        var reply = await Http.PostSqlOkAsync("EXPLAIN SELECT v FROM explained_param WHERE id = $1", 2);

        Assert.StartsWith("Point Lookup on explained_param (id = $1)", reply.Last.GetProperty("rows")[0][0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Values_Are_Json_Numbers_Strings_Booleans_And_Null()
    {
        var literals = await Http.PostSqlOkAsync("SELECT 42, 9223372036854775807, 2.5, 'text', true, false, NULL");
        Assert.Equal("""[[42,9223372036854775807,2.5,"text",true,false,null]]""", literals.Rows);

        var documented = await Http.PostSqlOkAsync("SELECT 1 + 1 AS two, 7 / 2 AS half, 7.0 / 2 AS real_half, NULL IS NULL AS yes");
        Assert.Equal(
            """[{"name":"two","type":"integer"},{"name":"half","type":"integer"},{"name":"real_half","type":"numeric"},{"name":"yes","type":"boolean"}]""",
            documented.Columns);
        Assert.Equal("[[2,3,3.5000000000000000,true]]", documented.Rows); // numeric division keeps 16 digits of scale, as in PostgreSQL

        var nonFinite = await Http.PostSqlOkAsync("SELECT CAST('NaN' AS DOUBLE PRECISION), CAST('Infinity' AS DOUBLE PRECISION), CAST('-Infinity' AS DOUBLE PRECISION)");
        Assert.Equal("""[["NaN","Infinity","-Infinity"]]""", nonFinite.Rows);

        await Http.PostSqlOkAsync("CREATE TABLE typed(id BIGINT PRIMARY KEY, f DOUBLE PRECISION, r REAL, s TEXT, b BOOLEAN, n INT)");
        await Http.PostSqlOkAsync("INSERT INTO typed VALUES (1, -0.25, 1.5, 'x \"quoted\" é', false, NULL)");
        var stored = await Http.PostSqlOkAsync("SELECT id, f, r, s, b, n FROM typed");

        Assert.Equal(
            """[{"name":"id","type":"bigint"},{"name":"f","type":"double precision"},{"name":"r","type":"real"},{"name":"s","type":"text"},{"name":"b","type":"boolean"},{"name":"n","type":"integer"}]""",
            stored.Columns);
        var row = stored.Last.GetProperty("rows")[0];
        Assert.Equal(JsonValueKind.Number, row[0].ValueKind);
        Assert.Equal(-0.25, row[1].GetDouble());
        Assert.Equal(1.5, row[2].GetDouble());
        Assert.Equal("x \"quoted\" é", row[3].GetString());
        Assert.Equal(JsonValueKind.False, row[4].ValueKind);
        Assert.Equal(JsonValueKind.Null, row[5].ValueKind);
    }

    [Fact]
    public async Task Parameters_Bind_By_Position()
    {
        await Http.PostSqlOkAsync("CREATE TABLE params_t(id INT PRIMARY KEY, f DOUBLE PRECISION, s TEXT, b BOOLEAN)");
        await Http.PostSqlOkAsync("INSERT INTO params_t VALUES ($1, $2, $3, $4), ($5, $6, $7, $8)", 7, 1.25, "seven", true, 8, null, "eight", false);

        var reply = await Http.PostSqlOkAsync("SELECT id, f, s, b FROM params_t WHERE id >= $1 ORDER BY id", 7);

        Assert.Equal("""[[7,1.25,"seven",true],[8,null,"eight",false]]""", reply.Rows);
    }

    [Fact]
    public async Task Integer_Parameters_Are_Bigint_Without_Loss_Of_Precision()
    {
        var reply = await Http.PostSqlOkAsync("SELECT $1", 9007199254740993L);

        Assert.Equal("""[{"name":"?column?","type":"bigint"}]""", reply.Columns);
        Assert.Equal("[[9007199254740993]]", reply.Rows);
    }

    [Fact]
    public async Task Insert_Without_A_Column_List_Fills_Omitted_Trailing_Columns_With_Null()
    {
        await Http.PostSqlOkAsync("CREATE TABLE short_insert(id INT PRIMARY KEY, v TEXT, w TEXT)");

        await Http.PostSqlOkAsync("INSERT INTO short_insert VALUES (1, 'one')");

        Assert.Equal("""[[1,"one",null]]""", (await Http.PostSqlOkAsync("SELECT id, v, w FROM short_insert")).Rows);
    }

    [Theory]
    [InlineData("SELEC 1", "42601", 1)]
    [InlineData("SELECT 1; SELEC 2", "42601", 11)]
    [InlineData("SELECT id FROM errs WHERE", "42601", 26)]
    [InlineData("SELECT * FROM missing", "42P01", 15)]
    [InlineData("SELECT missing FROM errs", "42703", 8)]
    [InlineData("SELECT id FROM errs WHERE v", "42804", 27)]
    [InlineData("INSERT INTO errs VALUES (true, 'x', NULL)", "42804", 26)]
    [InlineData("SELECT 1 + true", "42883", 10)]
    [InlineData("SELECT $2", "42P02", 8)]
    [InlineData("SELECT 'abc'::int", "22P02", 8)]
    public async Task Statement_Error_Is_400_With_Its_Sqlstate_And_Position(string sql, string sqlState, int position)
    {
        var reply = await Http.PostSqlAsync(sql);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(sqlState, reply.ErrorCode);
        Assert.Equal(position, reply.Error.GetProperty("position").GetInt32());
        Assert.False(string.IsNullOrEmpty(reply.Error.GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("INSERT INTO errs VALUES (1, 'again', NULL)", "23505")]
    [InlineData("INSERT INTO errs VALUES (2, NULL, NULL)", "23502")]
    [InlineData("SELECT 1 / 0", "22012")]
    [InlineData("SELECT 2147483647::int + 1", "22003")]
    [InlineData("UPDATE errs SET id = 3000000000", "22003")]
    [InlineData("INSERT INTO errs VALUES ('x', 'y', NULL)", "22P02")]
    [InlineData("INSERT INTO errs VALUES (3, 'three', 'abcd')", "22001")]
    [InlineData("CREATE TABLE errs(id INT PRIMARY KEY)", "42P07")]
    public async Task Execution_Error_Is_400_With_Its_Sqlstate(string sql, string sqlState)
    {
        var reply = await Http.PostSqlAsync(sql);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(sqlState, reply.ErrorCode);
        Assert.False(string.IsNullOrEmpty(reply.Error.GetProperty("message").GetString()));
    }

    [Theory]
    [InlineData("""{"sql": "SELECT 1" """)]
    [InlineData("not json")]
    [InlineData("""["SELECT 1"]""")]
    [InlineData("""{"sql": 42}""")]
    [InlineData("""{"sql": "SELECT 1"} {}""")]
    public async Task Malformed_Or_Misshapen_Json_Is_400_With_08P01(string body)
    {
        var reply = await Http.PostBodyAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("08P01", reply.ErrorCode);
    }

    [Fact]
    public async Task Request_Without_Sql_Is_400_With_08P01()
    {
        var reply = await Http.PostBodyAsync("""{"params": [1]}""");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("08P01", reply.ErrorCode);
        Assert.Contains("sql", reply.Error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parameter_That_Is_Not_A_Scalar_Is_400_With_22023()
    {
        var reply = await Http.PostBodyAsync("""{"sql": "SELECT $1", "params": [[1]]}""");

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("22023", reply.ErrorCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_Over_The_Limit_Is_413(bool chunked)
    {
        string body = JsonSerializer.Serialize(new { sql = $"SELECT '{new string('x', 2 * HttpSilo.MaxRequestBodyBytes)}'" });

        var reply = await Http.PostBodyAsync(body, chunked);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Equal("54000", reply.ErrorCode);
    }

    [Fact]
    public async Task Body_Just_Under_The_Limit_Is_Served()
    {
        string text = new('y', HttpSilo.MaxRequestBodyBytes - 100);

        var reply = await Http.PostSqlOkAsync($"SELECT '{text}'");

        Assert.Equal($"""[["{text}"]]""", reply.Rows);
    }

    [Fact]
    public async Task Failed_Request_Applies_None_Of_Its_Statements()
    {
        await Http.PostSqlOkAsync("CREATE TABLE atomic_t(id INT PRIMARY KEY, v TEXT); INSERT INTO atomic_t VALUES (1, 'kept')");

        var duplicate = await Http.PostSqlAsync(
            "INSERT INTO atomic_t VALUES (2, 'lost'); UPDATE atomic_t SET v = 'changed' WHERE id = 1; INSERT INTO atomic_t VALUES (1, 'duplicate')");
        var divide = await Http.PostSqlAsync("DELETE FROM atomic_t; SELECT 1 / 0");
        var ddl = await Http.PostSqlAsync("CREATE TABLE ghost(id INT PRIMARY KEY); INSERT INTO ghost VALUES (1); SELECT 1 / 0");

        Assert.Equal("23505", duplicate.ErrorCode);
        Assert.Equal("22012", divide.ErrorCode);
        Assert.Equal("22012", ddl.ErrorCode);
        Assert.Equal("""[[1,"kept"]]""", (await Http.PostSqlOkAsync("SELECT id, v FROM atomic_t ORDER BY id")).Rows);
        Assert.Equal("42P01", (await Http.PostSqlAsync("SELECT id FROM ghost")).ErrorCode);
    }

    [Fact]
    public async Task Silo_Keeps_Serving_After_Errors()
    {
        var errors = new[]
        {
            await Http.PostBodyAsync("{"),
            await Http.PostSqlAsync("SELEC"),
            await Http.PostSqlAsync("SELECT 1 / 0"),
            await Http.PostSqlAsync("SELECT * FROM nowhere"),
            await Http.PostBodyAsync(JsonSerializer.Serialize(new { sql = new string(' ', 4 * HttpSilo.MaxRequestBodyBytes) })),
        };
        Assert.All(errors, e => Assert.NotNull(e.ErrorCode));

        var reply = await Http.PostSqlOkAsync("SELECT 1 + 1");
        using var health = await Http.GetAsync("/v1/health");

        Assert.Equal("[[2]]", reply.Rows);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Health_Is_200_With_The_Silo_And_Its_Engine()
    {
        using var response = await Http.GetAsync("/v1/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Contains($"127.0.0.1:{silo.SiloPort}", body.RootElement.GetProperty("silo").GetString(), StringComparison.Ordinal);
        Assert.Equal("both", body.RootElement.GetProperty("engine").GetString());
    }

    [Fact]
    public async Task Stats_Count_Commits_Batches_And_Plan_Cache_Use()
    {
        await Http.PostSqlOkAsync("CREATE TABLE stats_rows(id INT PRIMARY KEY)");
        var before = await StatsAsync();
        for (int i = 0; i < 3; i++) await Http.PostSqlOkAsync("INSERT INTO stats_rows VALUES ($1)", i);
        var after = await StatsAsync();

        var (sequencer, plans) = (after.GetProperty("sequencer"), after.GetProperty("engine").GetProperty("planCache"));
        Assert.True(sequencer.GetProperty("commits").GetInt64() >= before.GetProperty("sequencer").GetProperty("commits").GetInt64() + 3);
        Assert.True(sequencer.GetProperty("batches").GetInt64() >= 1);
        Assert.True(sequencer.GetProperty("largestBatch").GetInt32() >= 1);
        Assert.True(after.GetProperty("engine").GetProperty("appliedVersion").GetInt64() > 0);
        // The same INSERT text three times: planned once, then served from the cache.
        Assert.True(plans.GetProperty("hits").GetInt64() >= before.GetProperty("engine").GetProperty("planCache").GetProperty("hits").GetInt64() + 2);
    }

    [Fact]
    public async Task Cluster_Lists_The_Silo_With_Its_Journal()
    {
        await Http.PostSqlOkAsync("CREATE TABLE cluster_rows(id INT PRIMARY KEY); INSERT INTO cluster_rows VALUES (1)");

        using var response = await Http.GetAsync("/v1/cluster");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var silo = Assert.Single(body.RootElement.GetProperty("silos").EnumerateArray());
        Assert.Equal("both", silo.GetProperty("engine").GetString());
        Assert.True(silo.GetProperty("reachable").GetBoolean());
        Assert.True(silo.GetProperty("appliedVersion").GetInt64() > 0);
        Assert.True(silo.GetProperty("heldAtoms").GetInt32() >= 1);
        Assert.True(silo.GetProperty("heldBytes").GetInt64() > 0);
        var archive = silo.GetProperty("archive");
        Assert.True(archive.GetProperty("journalBytes").GetInt64() > 0);
        Assert.True(archive.GetProperty("journalSyncs").GetInt64() > 0);
        Assert.True(archive.GetProperty("atomStoreBytes").GetInt64() > 0);
    }

    private async Task<JsonElement> StatsAsync()
    {
        using var response = await Http.GetAsync("/v1/stats");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.Clone();
    }

    [Fact]
    public async Task Dashboard_Is_Served()
    {
        using var response = await Http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>One silo on free ports with a temporary data directory, started in this process.</summary>
    public sealed class HttpSilo : IAsyncLifetime
    {
        public const int MaxRequestBodyBytes = 2048;

        private readonly string _dataDir = Directory.CreateTempSubdirectory("orleansdb-http-").FullName;
        private WebApplication? _app;

        public HttpClient Http { get; private set; } = null!;

        public int SiloPort { get; private set; }

        public async Task InitializeAsync()
        {
            int[] ports = FreeTcpPorts.Take(3);
            SiloPort = ports[1];
            _app = SiloHost.Build(
                [
                    "--http-port", $"{ports[0]}", "--silo-port", $"{ports[1]}", "--gateway-port", $"{ports[2]}",
                    "--data-dir", _dataDir, "--cluster-id", $"http-{Guid.NewGuid():N}",
                    "--max-request-body-bytes", $"{MaxRequestBodyBytes}", "--Logging:LogLevel:Default", "Warning",
                ],
                out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));
            await _app.StartAsync();
            Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}"), Timeout = TimeSpan.FromSeconds(30) };
            await Http.PostSqlOkAsync("CREATE TABLE errs(id INT PRIMARY KEY, v TEXT NOT NULL, c VARCHAR(3)); INSERT INTO errs VALUES (1, 'one', 'abc')");
        }

        public async Task DisposeAsync()
        {
            Http?.Dispose();
            if (_app is not null)
            {
                await _app.StopAsync();
                await _app.DisposeAsync();
            }
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
