using System.Text.Json;

namespace OrleansDb.Silo.Http;

/// <summary>
/// Reads the body of <c>POST /v1/sql</c>: <c>{"sql": "...", "params": [...]}</c>. Parameters are JSON
/// scalars: integral numbers become bigint, other numbers double precision, strings untyped text
/// (their context decides the type), booleans and null as they are.
/// </summary>
public static class HttpSqlRequestReader
{
    /// <summary>Parses the request, or returns the error that explains why it is not one.</summary>
    public static (SqlRequest? Request, SqlError? Error) Parse(ReadOnlySpan<byte> body)
    {
        string? sql = null;
        string? session = null;
        var parameters = new List<object?>();
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return Malformed("the body must be a JSON object");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "sql":
                        if (reader.TokenType != JsonTokenType.String) return Malformed("\"sql\" must be a string");
                        sql = reader.GetString();
                        break;
                    case "session":
                        if (reader.TokenType == JsonTokenType.Null) break;
                        if (reader.TokenType != JsonTokenType.String) return Malformed("\"session\" must be a string");
                        session = reader.GetString();
                        break;
                    case "params":
                        if (reader.TokenType == JsonTokenType.Null) break;
                        if (reader.TokenType != JsonTokenType.StartArray) return Malformed("\"params\" must be an array");
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            switch (reader.TokenType)
                            {
                                case JsonTokenType.Number:
                                    if (reader.TryGetInt64(out long integer)) parameters.Add(integer);
                                    else parameters.Add(reader.GetDouble());
                                    break;
                                case JsonTokenType.String:
                                    parameters.Add(reader.GetString());
                                    break;
                                case JsonTokenType.True:
                                case JsonTokenType.False:
                                    parameters.Add(reader.GetBoolean());
                                    break;
                                case JsonTokenType.Null:
                                    parameters.Add(null);
                                    break;
                                default:
                                    return (null, new SqlError("22023", $"parameter ${parameters.Count + 1} must be a JSON number, string, boolean or null", null));
                            }
                        }
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            if (reader.Read()) return Malformed("unexpected content after the JSON object");
        }
        catch (JsonException e)
        {
            return Malformed($"malformed JSON: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            return Malformed($"malformed JSON: {e.Message}");
        }
        if (sql is null) return Malformed("the request has no \"sql\" string");
        return (new SqlRequest { Sql = sql, Parameters = [.. parameters], Session = session }, null);
    }

    private static (SqlRequest?, SqlError?) Malformed(string message) => (null, new SqlError("08P01", message, null));
}
