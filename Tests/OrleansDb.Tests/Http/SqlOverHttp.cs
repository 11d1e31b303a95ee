using System.Net;
using System.Text;
using System.Text.Json;
using Xunit;

namespace OrleansDb.Tests.Http;

/// <summary>The reply to <c>POST /v1/sql</c>: its HTTP status and its JSON body.</summary>
public sealed record SqlHttpReply(HttpStatusCode Status, JsonElement Body)
{
    public JsonElement Results => Body.GetProperty("results");

    /// <summary>The last statement's result.</summary>
    public JsonElement Last => Results[Results.GetArrayLength() - 1];

    /// <summary>The last result's rows as the compact JSON the server wrote, e.g. <c>[["b"]]</c>.</summary>
    public string Rows => Last.GetProperty("rows").GetRawText();

    /// <summary>The last result's columns as compact JSON.</summary>
    public string Columns => Last.GetProperty("columns").GetRawText();

    public JsonElement Error => Body.GetProperty("error");

    public string? ErrorCode => Body.TryGetProperty("error", out var error) ? error.GetProperty("code").GetString() : null;

    public override string ToString() => $"{(int)Status} {Body.GetRawText()}";
}

/// <summary>Sends SQL to a silo's HTTP gateway.</summary>
public static class SqlOverHttp
{
    /// <summary>Posts <c>{"sql": sql, "params": parameters}</c>.</summary>
    public static Task<SqlHttpReply> PostSqlAsync(this HttpClient http, string sql, params object?[] parameters) =>
        http.PostBodyAsync(JsonSerializer.Serialize(new Dictionary<string, object?> { ["sql"] = sql, ["params"] = parameters }));

    /// <summary>Posts a raw body; with <paramref name="chunked"/> the body is sent without a Content-Length.</summary>
    public static async Task<SqlHttpReply> PostBodyAsync(this HttpClient http, string body, bool chunked = false, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/sql")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text);
        return new SqlHttpReply(response.StatusCode, document.RootElement.Clone());
    }

    /// <summary>Posts SQL and fails the test unless it succeeds.</summary>
    public static async Task<SqlHttpReply> PostSqlOkAsync(this HttpClient http, string sql, params object?[] parameters)
    {
        var reply = await http.PostSqlAsync(sql, parameters);
        Assert.True(reply.Status == HttpStatusCode.OK, $"{sql} → {reply}");
        return reply;
    }
}
