using System.Text;
using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

/// <summary>Sequences: CREATE SEQUENCE, the sequences behind SERIAL and identity columns, nextval/currval/setval.</summary>
public sealed partial class Binder
{
    private BoundStatement BindCreateSequence(CreateSequenceStatement create)
    {
        string schema = create.Name.Schema ?? DefaultSchema;
        if (!_catalog.SchemaExists(schema))
        {
            throw new SqlException(SqlState.InvalidSchemaName, $"schema \"{schema}\" does not exist", create.Name.Offset + 1);
        }
        var sequence = DefineSequence(create.Options, schema, create.Name.Name, SqlType.BigInt, ownedBy: 0, create.Offset);
        return new BoundCreateSequence(sequence, create.IfNotExists);
    }

    /// <summary>
    /// A sequence's definition from its options, with PostgreSQL's defaults and checks: the bounds follow
    /// the type and the direction, the start defaults to the bound it counts from (22023 on nonsense).
    /// </summary>
    private static SequenceSchema DefineSequence(SequenceOptions options, string schema, string name, SqlType defaultType, long ownedBy, int offset)
    {
        var type = options.Type is null ? defaultType : TypeRules.FromTypeName(options.Type);
        var (typeMin, typeMax) = type.Id switch
        {
            SqlTypeId.SmallInt => ((long)short.MinValue, (long)short.MaxValue),
            SqlTypeId.Integer => ((long)int.MinValue, (long)int.MaxValue),
            SqlTypeId.BigInt => (long.MinValue, long.MaxValue),
            _ => throw new SqlException(SqlState.InvalidParameterValue, "sequence type must be smallint, integer, or bigint", offset + 1),
        };
        long increment = options.Increment ?? 1;
        if (increment == 0) throw new SqlException(SqlState.InvalidParameterValue, "INCREMENT must not be zero", offset + 1);
        long min = options.MinValue ?? (increment > 0 ? 1 : typeMin);
        long max = options.MaxValue ?? (increment > 0 ? typeMax : -1);
        if (min < typeMin || min > typeMax)
        {
            throw new SqlException(SqlState.InvalidParameterValue, $"MINVALUE ({min}) is out of range for sequence data type {type.Name}", offset + 1);
        }
        if (max < typeMin || max > typeMax)
        {
            throw new SqlException(SqlState.InvalidParameterValue, $"MAXVALUE ({max}) is out of range for sequence data type {type.Name}", offset + 1);
        }
        if (min >= max) throw new SqlException(SqlState.InvalidParameterValue, $"MINVALUE ({min}) must be less than MAXVALUE ({max})", offset + 1);
        long start = options.Start ?? (increment > 0 ? min : max);
        if (start < min) throw new SqlException(SqlState.InvalidParameterValue, $"START value ({start}) cannot be less than MINVALUE ({min})", offset + 1);
        if (start > max) throw new SqlException(SqlState.InvalidParameterValue, $"START value ({start}) cannot be greater than MAXVALUE ({max})", offset + 1);
        long cache = options.Cache ?? 1;
        if (cache < 1) throw new SqlException(SqlState.InvalidParameterValue, $"CACHE ({cache}) must be greater than zero", offset + 1);
        return new SequenceSchema(0, schema, name, start, increment, min, max, cache, options.Cycle, ownedBy);
    }

    /// <summary>
    /// SERIAL / BIGSERIAL / SMALLSERIAL and identity columns: the integer type the column really has, the
    /// sequence it draws from (named "table_column_seq", made unique), and its DEFAULT nextval(...).
    /// Null for an ordinary column.
    /// </summary>
    private (SqlType Type, SequenceSchema Sequence, bool Always)? GeneratedColumn(ColumnDef def, string schema, string table, ISet<string> takenNames)
    {
        SqlType? serial = def.Type.Modifiers.Count > 0 ? null : def.Type.Name switch
        {
            "serial" or "serial4" => SqlType.Integer,
            "bigserial" or "serial8" => SqlType.BigInt,
            "smallserial" or "serial2" => SqlType.SmallInt,
            _ => null,
        };
        var identity = def.Constraints.Identity;
        if (serial is null && identity is null) return null;
        if (def.Constraints.Default is not null)
        {
            string what = identity is null ? "serial" : "identity";
            throw new SqlException(SqlState.SyntaxError, $"multiple default values specified for column \"{def.Name}\" of table \"{table}\" ({what} and DEFAULT)", def.Offset + 1);
        }
        if (serial is not null && identity is not null)
        {
            throw new SqlException(SqlState.SyntaxError, $"both default and identity specified for column \"{def.Name}\" of table \"{table}\"", def.Offset + 1);
        }
        var type = serial ?? TypeRules.FromTypeName(def.Type);
        if (type.Id is not (SqlTypeId.SmallInt or SqlTypeId.Integer or SqlTypeId.BigInt))
        {
            throw new SqlException(SqlState.InvalidParameterValue, "identity column type must be smallint, integer, or bigint", def.Offset + 1);
        }
        string name = $"{table}_{def.Name}_seq";
        for (int i = 1; _catalog.RelationExists(schema, name) || takenNames.Contains(name); i++) name = $"{table}_{def.Name}_seq{i}";
        takenNames.Add(name);
        var options = identity?.Options ?? SequenceOptions.None;
        if (options.Type is not null)
        {
            throw new SqlException(SqlState.SyntaxError, "an identity column's sequence takes the column's type (no AS)", identity!.Offset + 1);
        }
        var sequence = DefineSequence(options, schema, name, type, ownedBy: 0, def.Offset);
        return (type, sequence, identity?.Always ?? false);
    }

    /// <summary>The DEFAULT text of a column that draws from <paramref name="sequence"/>.</summary>
    public static string NextValueDefault(SequenceSchema sequence) =>
        $"nextval('{(sequence.SchemaName == DefaultSchema ? QuoteName(sequence.Name) : QuoteName(sequence.SchemaName) + "." + QuoteName(sequence.Name)).Replace("'", "''")}')";

    private static string QuoteName(string name) =>
        name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') && name.Length > 0 && !char.IsDigit(name[0]) ? name : "\"" + name.Replace("\"", "\"\"") + "\"";

    /// <summary>nextval('name') / currval('name') / setval('name', value [, is_called]): the name must be a constant (text or ::regclass).</summary>
    private BoundExpr BindSequenceFunction(FunctionCallExpr call, BindScope? scope)
    {
        var function = call.Name switch
        {
            "nextval" => SequenceFunction.NextValue,
            "currval" => SequenceFunction.CurrentValue,
            _ => SequenceFunction.SetValue,
        };
        int expected = function == SequenceFunction.SetValue ? 2 : 1;
        if (call.Args.Count < expected || call.Args.Count > (function == SequenceFunction.SetValue ? 3 : 1))
        {
            throw new SqlException(SqlState.UndefinedFunction, $"function {call.Name} with {call.Args.Count} arguments does not exist", call.Offset + 1);
        }
        var nameArg = call.Args[0] is Parsing.CastExpr { Type.Name: "regclass" } cast ? cast.Operand : call.Args[0];
        if (nameArg is not LiteralExpr { Kind: LiteralKind.String } literal)
        {
            throw new SqlException(SqlState.FeatureNotSupported, $"{call.Name} needs the sequence's name as a constant", call.Args[0].Offset + 1);
        }
        var (schema, name) = ParseQualifiedName(literal.Text, literal.Offset);
        var sequence = _catalog.FindSequence(schema, name);
        if (sequence is null)
        {
            if (_catalog.RelationExists(schema, name)) throw new SqlException(SqlState.WrongObjectType, $"\"{literal.Text}\" is not a sequence", literal.Offset + 1);
            throw new SqlException(SqlState.UndefinedTable, $"relation \"{literal.Text}\" does not exist", literal.Offset + 1);
        }
        var args = new List<BoundExpr>();
        if (function == SequenceFunction.SetValue)
        {
            args.Add(TypeRules.Coerce(BindExpr(call.Args[1], scope), SqlType.BigInt, call.Args[1].Offset));
            if (call.Args.Count == 3) args.Add(TypeRules.Coerce(BindExpr(call.Args[2], scope), SqlType.Boolean, call.Args[2].Offset));
        }
        return new SequenceExpr(function, sequence, args);
    }

    /// <summary>A relation name written in a string, as PostgreSQL reads it: unquoted parts fold to lower case.</summary>
    private static (string? Schema, string Name) ParseQualifiedName(string text, int offset)
    {
        var parts = new List<string>();
        var part = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { part.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else part.Append(c);
            }
            else if (c == '"') { quoted = true; wasQuoted = true; }
            else if (c == '.') { parts.Add(part.ToString()); part.Clear(); wasQuoted = false; }
            else part.Append(wasQuoted ? c : char.ToLowerInvariant(c));
        }
        parts.Add(part.ToString());
        if (quoted || parts.Count > 2 || parts.Any(p => p.Length == 0))
        {
            throw new SqlException(SqlState.InvalidName, $"invalid name syntax: \"{text}\"", offset + 1);
        }
        return parts.Count == 2 ? (parts[0], parts[1]) : (null, parts[0]);
    }
}
