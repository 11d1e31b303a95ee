using System.Buffers;
using System.Data;
using System.Net;
using System.Text.Json;

namespace OrleansDb.Bench.Targets;

/// <summary>
/// One worker's HTTP connection to OrleansDb. Request bodies are written into one reused buffer; the
/// answer is parsed whole, as a real client would, and every error answer becomes a
/// <see cref="BenchSqlException"/> carrying its SQLSTATE.
/// </summary>
internal sealed class HttpSqlSession(HttpClient http) : IBenchSession
{
    private readonly ArrayBufferWriter<byte> _body = new(4096);
    private readonly Utf8JsonWriter _writer = new(Stream.Null);
    private string? _session;
    private bool _inTransaction;

    public async Task<int> QueryAsync(string sql, params object[] parameters)
    {
        using var answer = await PostSqlAsync(sql, parameters);
        return LastResult(answer).GetProperty("rows").GetArrayLength();
    }

    public async Task<object?> ScalarAsync(string sql, params object[] parameters)
    {
        using var answer = await PostSqlAsync(sql, parameters);
        var rows = LastResult(answer).GetProperty("rows");
        if (rows.GetArrayLength() == 0) return null;
        var value = rows[0][0];
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetInt64(),
            JsonValueKind.Null => null,
            _ => value.ToString(),
        };
    }

    public async Task<long> ExecuteAsync(string sql, params object[] parameters)
    {
        using var answer = await PostSqlAsync(sql, parameters);
        return LastResult(answer).GetProperty("rowsAffected").GetInt64();
    }

    public async Task BeginAsync(IsolationLevel isolation)
    {
        _session ??= await OpenServerSessionAsync();
        _inTransaction = true;
        (await PostSqlAsync(isolation switch
        {
            IsolationLevel.ReadCommitted => "BEGIN ISOLATION LEVEL READ COMMITTED",
            IsolationLevel.Serializable => "BEGIN ISOLATION LEVEL SERIALIZABLE",
            _ => "BEGIN ISOLATION LEVEL REPEATABLE READ",
        }, [])).Dispose();
    }

    /// <summary>A failed COMMIT leaves the session marked in a transaction, so the rollback that follows is sent whatever state the server kept.</summary>
    public async Task CommitAsync()
    {
        (await PostSqlAsync("COMMIT", [])).Dispose();
        _inTransaction = false;
    }

    public async Task RollbackAsync()
    {
        if (!_inTransaction) return;
        try
        {
            (await PostSqlAsync("ROLLBACK", [])).Dispose();
        }
        catch (Exception e) when (e is BenchSqlException or HttpRequestException)
        {
            // The failure that led here is the one counted.
        }
        finally
        {
            _inTransaction = false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_session is not null)
        {
            try
            {
                using var _ = await http.DeleteAsync($"/v1/sessions/{_session}");
            }
            catch (HttpRequestException)
            {
                // An idle session expires on the server anyway.
            }
        }
        await _writer.DisposeAsync();
        http.Dispose();
    }

    private async Task<string> OpenServerSessionAsync()
    {
        using var response = await http.PostAsync("/v1/sessions", content: null);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        if (!response.IsSuccessStatusCode) throw ErrorOf(answer, response.StatusCode);
        return answer.RootElement.GetProperty("session").GetString()!;
    }

    private async Task<JsonDocument> PostSqlAsync(string sql, object[] parameters)
    {
        WriteRequest(sql, parameters);
        using var content = new ReadOnlyMemoryContent(_body.WrittenMemory);
        using var response = await http.PostAsync("/v1/sql", content);
        var answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
        if (response.IsSuccessStatusCode) return answer;
        using (answer) throw ErrorOf(answer, response.StatusCode);
    }

    private void WriteRequest(string sql, object[] parameters)
    {
        _body.ResetWrittenCount();
        _writer.Reset(_body);
        _writer.WriteStartObject();
        _writer.WriteString("sql", sql);
        if (_inTransaction) _writer.WriteString("session", _session); // autocommit requests need no session
        _writer.WriteStartArray("params");
        foreach (var parameter in parameters)
        {
            switch (parameter)
            {
                case long l: _writer.WriteNumberValue(l); break;
                case int i: _writer.WriteNumberValue(i); break;
                case double d: _writer.WriteNumberValue(d); break;
                case bool b: _writer.WriteBooleanValue(b); break;
                case string s: _writer.WriteStringValue(s); break;
                default: throw new ArgumentException($"no JSON form for a {parameter.GetType().Name} parameter", nameof(parameters));
            }
        }
        _writer.WriteEndArray();
        _writer.WriteEndObject();
        _writer.Flush();
    }

    private static JsonElement LastResult(JsonDocument answer)
    {
        var results = answer.RootElement.GetProperty("results");
        return results[results.GetArrayLength() - 1];
    }

    private static BenchSqlException ErrorOf(JsonDocument answer, HttpStatusCode status)
    {
        if (answer.RootElement.TryGetProperty("error", out var error))
        {
            return new BenchSqlException(error.GetProperty("code").GetString() ?? "?", error.GetProperty("message").GetString() ?? "");
        }
        return new BenchSqlException($"HTTP {(int)status}", answer.RootElement.GetRawText());
    }
}
