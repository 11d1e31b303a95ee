using System.Buffers;
using System.IO.Pipelines;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansDb.Cluster;
using OrleansDb.Engine;
using OrleansDb.Silo.Configuration;
using OrleansDb.Storage;

namespace OrleansDb.Silo.Http;

/// <summary>The HTTP API v1: <c>POST /v1/sql</c>, sessions, <c>GET /v1/health</c> and <c>GET /v1/stats</c>.</summary>
public static class HttpApi
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IEndpointRouteBuilder MapOrleansDbHttpApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/sql", ExecuteSqlAsync);
        app.MapPost("/v1/sessions", OpenSession);
        app.MapDelete("/v1/sessions/{id}", CloseSessionAsync);
        app.MapGet("/v1/health", Health);
        app.MapGet("/v1/stats", StatsAsync);
        app.MapGet("/v1/cluster", ClusterAsync);
        return app;
    }

    private static async Task ExecuteSqlAsync(HttpContext http, SqlService sql, IOptions<SiloHostOptions> options)
    {
        long limit = options.Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            await WriteErrorAsync(http, TooLarge(limit));
            return;
        }
        var (request, error) = await ReadRequestAsync(http.Request.BodyReader, limit, http.RequestAborted) ?? (null, TooLarge(limit));
        if (error is not null)
        {
            await WriteErrorAsync(http, error);
            return;
        }
        var response = await sql.ExecuteAsync(request!, http.RequestAborted);
        if (response.Error is { } sqlError)
        {
            await WriteErrorAsync(http, sqlError);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, WriterOptions);
        HttpSqlResponseWriter.WriteResults(writer, response.Results);
    }

    private static SqlError TooLarge(long limit) => new("54000", $"request body exceeds the limit of {limit} bytes", null);

    /// <summary>
    /// Reads the whole body (at most <paramref name="limit"/> bytes; null when it is longer) and parses it
    /// where it lies in the request's buffers: a body that spans several buffers is copied once into a
    /// pooled array, so a request allocates nothing for its body.
    /// </summary>
    private static async Task<(SqlRequest? Request, SqlError? Error)?> ReadRequestAsync(PipeReader body, long limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                body.AdvanceTo(buffer.End);
                return null;
            }
            if (!read.IsCompleted)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                continue;
            }
            try
            {
                return Parse(buffer);
            }
            finally
            {
                body.AdvanceTo(buffer.End);
            }
        }
    }

    private static (SqlRequest? Request, SqlError? Error) Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsSingleSegment) return HttpSqlRequestReader.Parse(body.FirstSpan);
        var copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
        try
        {
            body.CopyTo(copy);
            return HttpSqlRequestReader.Parse(copy.AsSpan(0, (int)body.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static async Task WriteErrorAsync(HttpContext http, SqlError error)
    {
        http.Response.StatusCode = HttpSqlResponseWriter.StatusFor(error);
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, WriterOptions);
        HttpSqlResponseWriter.WriteError(writer, error);
    }

    private static IResult OpenSession(SessionManager sessions) =>
        Results.Json(new { session = sessions.Open() }, statusCode: StatusCodes.Status201Created);

    private static async Task CloseSessionAsync(HttpContext http, string id, SqlService sql)
    {
        if (await sql.CloseSessionAsync(id))
        {
            http.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        http.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(http.Response.BodyWriter, WriterOptions);
        HttpSqlResponseWriter.WriteError(writer, new SqlError("08003", $"session \"{id}\" does not exist", null));
    }

    /// <summary>Counters for operators and benchmarks: the sequencer's group commit and this engine's plan cache.</summary>
    private static async Task<IResult> StatsAsync(IGrainFactory grains, EnginePlanCache plans, AtomStore store, HttpContext http)
    {
        SequencerStats sequencer;
        try
        {
            sequencer = await grains.GetGrain<ISequencerGrain>(0).GetStats().WaitAsync(TimeSpan.FromSeconds(10), http.RequestAborted);
        }
        catch (Exception e) when (e is OrleansException or TimeoutException)
        {
            return Results.Json(new { error = new SqlError("57P03", $"the sequencer cannot answer now: {e.GetBaseException().Message}", null) }, statusCode: 503);
        }
        return Results.Json(new
        {
            sequencer = new
            {
                batches = sequencer.Batches,
                commits = sequencer.Commits,
                commitsPerBatch = sequencer.Batches == 0 ? 0 : Math.Round((double)sequencer.Commits / sequencer.Batches, 2),
                largestBatch = sequencer.LargestBatch,
                acknowledgedVersion = sequencer.AcknowledgedVersion,
            },
            engine = new
            {
                appliedVersion = store.AppliedVersion,
                planCache = new { hits = plans.Cache?.Hits ?? 0, misses = plans.Cache?.Misses ?? 0, replans = plans.Cache?.Replans ?? 0, entries = plans.Cache?.Count ?? 0 },
            },
        });
    }

    /// <summary>Every active silo: its engine role and applied version, and for a durable archive its journal and checkpoint.</summary>
    private static async Task<IResult> ClusterAsync(IGrainFactory grains, ClusterView cluster, HttpContext http)
    {
        var silos = cluster.ActiveSilos;
        var states = await Task.WhenAll(silos.Select(async silo =>
        {
            try
            {
                return await grains.GetGrain<IEngineLogGrain>(ClusterView.Key(silo)).GetState().WaitAsync(TimeSpan.FromSeconds(5), http.RequestAborted);
            }
            catch (Exception e) when (e is OrleansException or TimeoutException)
            {
                return null;
            }
        }));
        return Results.Json(new
        {
            silos = silos.Select((silo, i) => new
            {
                silo = silo.ToString(),
                engine = cluster.RoleOf(silo)?.ToMetadata(),
                reachable = states[i] is not null,
                appliedVersion = states[i]?.AppliedVersion,
                heldAtoms = states[i]?.HeldAtoms,
                heldBytes = states[i]?.HeldBytes,
                archive = states[i] is { Durable: true } state
                    ? new
                    {
                        journalBytes = state.JournalBytes,
                        checkpointVersion = state.CheckpointVersion,
                        journalSyncs = state.JournalSyncs,
                        atomStoreBytes = state.AtomStoreBytes,
                    }
                    : null,
            }),
        });
    }

    private static IResult Health(ClusterView cluster, AtomStore store, IOptions<SiloHostOptions> options) => Results.Json(new
    {
        status = "ok",
        silo = cluster.LocalSilo.ToString(),
        engine = options.Value.EngineRole.ToMetadata(),
        appliedVersion = store.AppliedVersion,
    });
}
