namespace OrleansDb.Sql.Types;

/// <summary>How a value is held in memory and on the wire. The SQL type adds width and limits.</summary>
public enum ValueKind : byte
{
    Null = 0,
    Boolean = 1,
    Integer = 2,
    Float = 3,
    Text = 4,
}
