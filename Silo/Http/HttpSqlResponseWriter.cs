using System.Globalization;
using System.Text.Json;

namespace OrleansDb.Silo.Http;

/// <summary>
/// Writes results as <c>{"results":[{"columns":[{"name","type"}],"rows":[[...]],"rowsAffected":n}]}</c>
/// and errors as <c>{"error":{"code","message","position"}}</c>. Numbers are JSON numbers; the
/// non-finite floats, which JSON cannot hold, are the strings "NaN", "Infinity" and "-Infinity".
/// </summary>
public static class HttpSqlResponseWriter
{
    public static void WriteResults(Utf8JsonWriter w, IReadOnlyList<SqlResultSet> results)
    {
        w.WriteStartObject();
        w.WriteStartArray("results");
        foreach (var result in results)
        {
            w.WriteStartObject();
            w.WriteStartArray("columns");
            foreach (var column in result.Columns)
            {
                w.WriteStartObject();
                w.WriteString("name", column.Name);
                w.WriteString("type", column.Type);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("rows");
            foreach (var row in result.Rows)
            {
                w.WriteStartArray();
                foreach (var value in row) WriteValue(w, value);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteNumber("rowsAffected", result.RowsAffected);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static void WriteError(Utf8JsonWriter w, SqlError error)
    {
        w.WriteStartObject();
        w.WriteStartObject("error");
        w.WriteString("code", error.Code);
        w.WriteString("message", error.Message);
        if (error.Position is int position) w.WriteNumber("position", position);
        else w.WriteNull("position");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case bool b: w.WriteBooleanValue(b); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case double d: w.WriteStringValue(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity"); break;
            case float f when float.IsFinite(f): w.WriteNumberValue(f); break;
            case float f: w.WriteStringValue(float.IsNaN(f) ? "NaN" : f > 0 ? "Infinity" : "-Infinity"); break;
            case string s: w.WriteStringValue(s); break;
            case decimal m: w.WriteNumberValue(m); break;
            case DateOnly d: w.WriteStringValue(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTime t: w.WriteStringValue(OrleansDb.Sql.Types.Value.FormatTimestamp(t)); break;
            case byte[] b: w.WriteStringValue("\\x" + Convert.ToHexStringLower(b)); break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>The HTTP status for an error: 409 for serialization failures, 503 when the cluster cannot serve, 500 for bugs, else 400.</summary>
    public static int StatusFor(SqlError error) => error.Code switch
    {
        "40001" => StatusCodes.Status409Conflict,
        "40P01" => StatusCodes.Status409Conflict,
        "08003" => StatusCodes.Status404NotFound,
        "57P03" or "08007" or "08006" or "08001" => StatusCodes.Status503ServiceUnavailable,
        "XX000" => StatusCodes.Status500InternalServerError,
        "54000" => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status400BadRequest,
    };
}
