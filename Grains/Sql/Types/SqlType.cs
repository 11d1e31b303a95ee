namespace OrleansDb.Sql.Types;

/// <summary>The SQL types the engine knows. Integers of every width share the Integer value kind.</summary>
public enum SqlTypeId : byte
{
    /// <summary>An untyped string literal or NULL whose type the context decides (PostgreSQL's "unknown").</summary>
    Unknown = 0,
    Boolean = 1,
    SmallInt = 2,
    Integer = 3,
    BigInt = 4,
    Real = 5,
    Double = 6,
    Text = 7,
    Varchar = 8,
    Numeric = 9,
    Date = 10,
    Timestamp = 11,
    Bytea = 12,
}

/// <summary>
/// A column or expression type: the type id plus its modifiers: the VARCHAR length limit or the
/// NUMERIC precision in <see cref="Length"/> (0 = none), the NUMERIC scale in <see cref="Scale"/>.
/// </summary>
public readonly record struct SqlType(SqlTypeId Id, int Length = 0, int Scale = 0)
{
    public static readonly SqlType Numeric = new(SqlTypeId.Numeric);
    public static readonly SqlType Date = new(SqlTypeId.Date);
    public static readonly SqlType Timestamp = new(SqlTypeId.Timestamp);
    public static readonly SqlType Bytea = new(SqlTypeId.Bytea);
    public static readonly SqlType Unknown = new(SqlTypeId.Unknown);
    public static readonly SqlType Boolean = new(SqlTypeId.Boolean);
    public static readonly SqlType SmallInt = new(SqlTypeId.SmallInt);
    public static readonly SqlType Integer = new(SqlTypeId.Integer);
    public static readonly SqlType BigInt = new(SqlTypeId.BigInt);
    public static readonly SqlType Real = new(SqlTypeId.Real);
    public static readonly SqlType Double = new(SqlTypeId.Double);
    public static readonly SqlType Text = new(SqlTypeId.Text);

    public static SqlType Varchar(int length) => new(SqlTypeId.Varchar, length);

    public static SqlType NumericOf(int precision, int scale) => new(SqlTypeId.Numeric, precision, scale);

    public bool IsInteger => Id is SqlTypeId.SmallInt or SqlTypeId.Integer or SqlTypeId.BigInt;
    public bool IsFloat => Id is SqlTypeId.Real or SqlTypeId.Double;

    /// <summary>Any number: integers, NUMERIC and floats.</summary>
    public bool IsNumeric => IsInteger || IsFloat || Id == SqlTypeId.Numeric;

    public bool IsDecimal => Id == SqlTypeId.Numeric;

    public bool IsDateTime => Id is SqlTypeId.Date or SqlTypeId.Timestamp;
    public bool IsString => Id is SqlTypeId.Text or SqlTypeId.Varchar;

    /// <summary>The storage kind of values of this type.</summary>
    public ValueKind ValueKind => Id switch
    {
        SqlTypeId.Boolean => ValueKind.Boolean,
        SqlTypeId.SmallInt or SqlTypeId.Integer or SqlTypeId.BigInt => ValueKind.Integer,
        SqlTypeId.Real or SqlTypeId.Double => ValueKind.Float,
        SqlTypeId.Text or SqlTypeId.Varchar => ValueKind.Text,
        SqlTypeId.Numeric => ValueKind.Numeric,
        SqlTypeId.Date => ValueKind.Date,
        SqlTypeId.Timestamp => ValueKind.Timestamp,
        SqlTypeId.Bytea => ValueKind.Bytes,
        _ => ValueKind.Null,
    };

    /// <summary>The name PostgreSQL prints for the type, used in errors and result metadata.</summary>
    public string Name => Id switch
    {
        SqlTypeId.Unknown => "unknown",
        SqlTypeId.Boolean => "boolean",
        SqlTypeId.SmallInt => "smallint",
        SqlTypeId.Integer => "integer",
        SqlTypeId.BigInt => "bigint",
        SqlTypeId.Real => "real",
        SqlTypeId.Double => "double precision",
        SqlTypeId.Text => "text",
        SqlTypeId.Varchar => Length > 0 ? $"character varying({Length})" : "character varying",
        SqlTypeId.Numeric => Length > 0 ? $"numeric({Length},{Scale})" : "numeric",
        SqlTypeId.Date => "date",
        SqlTypeId.Timestamp => "timestamp without time zone",
        SqlTypeId.Bytea => "bytea",
        _ => Id.ToString().ToLowerInvariant(),
    };

    public override string ToString() => Name;

    /// <summary>Inclusive bounds of an integer type.</summary>
    public (long Min, long Max) IntegerRange => Id switch
    {
        SqlTypeId.SmallInt => (short.MinValue, short.MaxValue),
        SqlTypeId.Integer => (int.MinValue, int.MaxValue),
        _ => (long.MinValue, long.MaxValue),
    };
}
