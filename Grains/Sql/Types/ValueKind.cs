namespace OrleansDb.Sql.Types;

/// <summary>How a value is held in memory and on the wire. The SQL type adds width and limits.</summary>
public enum ValueKind : byte
{
    Null = 0,
    Boolean = 1,
    Integer = 2,
    Float = 3,
    Text = 4,

    /// <summary>An exact decimal (NUMERIC), held as a <see cref="decimal"/>.</summary>
    Numeric = 5,

    /// <summary>A DATE: days since 2000-01-01 (PostgreSQL's epoch).</summary>
    Date = 6,

    /// <summary>A TIMESTAMP: microseconds since 2000-01-01 00:00:00.</summary>
    Timestamp = 7,

    /// <summary>BYTEA: a byte array.</summary>
    Bytes = 8,
}
