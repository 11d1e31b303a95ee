using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Expressions;

/// <summary>
/// Binary form of bound expressions, so filters and projections can run inside atoms on other
/// engines. Parameters must be substituted (<see cref="SubstituteParameters"/>) before encoding.
/// A node is a tag byte, its type, then its fields and children.
/// </summary>
public static class ExprCodec
{
    private enum Tag : byte
    {
        Column = 1, Constant, Arithmetic, Negate, Compare, And, Or, Not, Is, IsDistinct, Cast, Case, Coalesce, InList, Concat, Like, Function, DateArithmetic,
    }

    /// <summary>Replaces parameter and outer-row references with their values as constants.</summary>
    public static BoundExpr SubstituteParameters(BoundExpr expr, EvalContext context)
    {
        if (expr is ParameterExpr or OuterColumnExpr or ClockExpr) return new ConstantExpr(expr.Evaluate([], context), expr.Type);
        var children = expr.Children;
        if (children.Count == 0) return expr;
        var replaced = new BoundExpr[children.Count];
        bool changed = false;
        for (int i = 0; i < replaced.Length; i++)
        {
            replaced[i] = SubstituteParameters(children[i], context);
            changed |= !ReferenceEquals(replaced[i], children[i]);
        }
        return changed ? expr.WithChildren(replaced) : expr;
    }

    public static byte[] Encode(IReadOnlyList<BoundExpr> exprs)
    {
        var w = new ByteWriter();
        w.WriteVarint((ulong)exprs.Count);
        foreach (var e in exprs) Write(w, e);
        return w.ToArray();
    }

    public static List<BoundExpr> Decode(ReadOnlySpan<byte> data)
    {
        var r = new ByteReader(data);
        int n = (int)r.ReadVarint();
        var list = new List<BoundExpr>(n);
        for (int i = 0; i < n; i++) list.Add(Read(ref r));
        return list;
    }

    private static void WriteType(ByteWriter w, SqlType type)
    {
        w.WriteByte((byte)type.Id);
        w.WriteVarint((ulong)type.Length);
        w.WriteVarint((ulong)type.Scale);
    }

    private static SqlType ReadType(ref ByteReader r) => new((SqlTypeId)r.ReadByte(), (int)r.ReadVarint(), (int)r.ReadVarint());

    private static void WriteValue(ByteWriter w, Value v)
    {
        w.WriteByte((byte)v.Kind);
        switch (v.Kind)
        {
            case ValueKind.Boolean: w.WriteByte(v.AsBoolean ? (byte)1 : (byte)0); break;
            case ValueKind.Integer: w.WriteVarint(RowCodec.ZigZag(v.AsInteger)); break;
            case ValueKind.Float: w.WriteVarint((ulong)BitConverter.DoubleToInt64Bits(v.AsFloat)); break;
            case ValueKind.Text: w.WriteString(v.AsText); break;
            case ValueKind.Numeric: w.WriteString(v.AsNumeric.ToString(System.Globalization.CultureInfo.InvariantCulture)); break;
            case ValueKind.Date or ValueKind.Timestamp: w.WriteVarint(RowCodec.ZigZag(v.AsMicros)); break;
            case ValueKind.Bytes: w.WriteBytes(v.AsBytes); break;
        }
    }

    private static Value ReadValue(ref ByteReader r) => (ValueKind)r.ReadByte() switch
    {
        ValueKind.Boolean => Value.FromBoolean(r.ReadByte() != 0),
        ValueKind.Integer => Value.FromInteger(RowCodec.UnZigZag(r.ReadVarint())),
        ValueKind.Float => Value.FromFloat(BitConverter.Int64BitsToDouble((long)r.ReadVarint())),
        ValueKind.Text => Value.FromText(r.ReadString()),
        ValueKind.Numeric => Value.FromNumeric(decimal.Parse(r.ReadString(), System.Globalization.CultureInfo.InvariantCulture)),
        ValueKind.Date => Value.FromDate(RowCodec.UnZigZag(r.ReadVarint())),
        ValueKind.Timestamp => Value.FromTimestamp(RowCodec.UnZigZag(r.ReadVarint())),
        ValueKind.Bytes => Value.FromBytes(r.ReadBytes()),
        _ => Value.Null,
    };

    private static void WriteList(ByteWriter w, IReadOnlyList<BoundExpr> exprs)
    {
        w.WriteVarint((ulong)exprs.Count);
        foreach (var e in exprs) Write(w, e);
    }

    private static List<BoundExpr> ReadList(ref ByteReader r)
    {
        int n = (int)r.ReadVarint();
        var list = new List<BoundExpr>(n);
        for (int i = 0; i < n; i++) list.Add(Read(ref r));
        return list;
    }

    private static void Write(ByteWriter w, BoundExpr e)
    {
        switch (e)
        {
            case ColumnExpr c:
                w.WriteByte((byte)Tag.Column);
                WriteType(w, c.Type);
                w.WriteVarint((ulong)c.Ordinal);
                w.WriteString(c.Name);
                break;
            case ConstantExpr c:
                w.WriteByte((byte)Tag.Constant);
                WriteType(w, c.Type);
                WriteValue(w, c.Value);
                break;
            case ArithmeticExpr a:
                w.WriteByte((byte)Tag.Arithmetic);
                WriteType(w, a.Type);
                w.WriteByte((byte)a.Op);
                Write(w, a.Left);
                Write(w, a.Right);
                break;
            case NegateExpr n:
                w.WriteByte((byte)Tag.Negate);
                Write(w, n.Operand);
                break;
            case CompareExpr c:
                w.WriteByte((byte)Tag.Compare);
                w.WriteByte((byte)c.Op);
                Write(w, c.Left);
                Write(w, c.Right);
                break;
            case AndExpr a:
                w.WriteByte((byte)Tag.And);
                WriteList(w, a.Operands);
                break;
            case OrExpr o:
                w.WriteByte((byte)Tag.Or);
                WriteList(w, o.Operands);
                break;
            case NotExpr n:
                w.WriteByte((byte)Tag.Not);
                Write(w, n.Operand);
                break;
            case IsExpr i:
                w.WriteByte((byte)Tag.Is);
                w.WriteByte((byte)i.Test);
                w.WriteByte(i.Negated ? (byte)1 : (byte)0);
                Write(w, i.Operand);
                break;
            case IsDistinctExpr d:
                w.WriteByte((byte)Tag.IsDistinct);
                w.WriteByte(d.Negated ? (byte)1 : (byte)0);
                Write(w, d.Left);
                Write(w, d.Right);
                break;
            case CastExpr c:
                w.WriteByte((byte)Tag.Cast);
                WriteType(w, c.Type);
                w.WriteByte(c.IsExplicit ? (byte)1 : (byte)0);
                Write(w, c.Operand);
                break;
            case CaseExpr c:
                w.WriteByte((byte)Tag.Case);
                WriteType(w, c.Type);
                w.WriteByte(c.Else is null ? (byte)0 : (byte)1);
                WriteList(w, c.Children);
                break;
            case CoalesceExpr c:
                w.WriteByte((byte)Tag.Coalesce);
                WriteType(w, c.Type);
                WriteList(w, c.Args);
                break;
            case InListExpr i:
                w.WriteByte((byte)Tag.InList);
                w.WriteByte(i.Negated ? (byte)1 : (byte)0);
                WriteList(w, i.Children);
                break;
            case ConcatExpr c:
                w.WriteByte((byte)Tag.Concat);
                Write(w, c.Left);
                Write(w, c.Right);
                break;
            case LikeExpr l:
                w.WriteByte((byte)Tag.Like);
                w.WriteByte((byte)((l.CaseInsensitive ? 1 : 0) | (l.Negated ? 2 : 0)));
                Write(w, l.Operand);
                Write(w, l.Pattern);
                break;
            case DateArithmeticExpr d:
                w.WriteByte((byte)Tag.DateArithmetic);
                WriteType(w, d.Type);
                w.WriteByte((byte)d.Op);
                Write(w, d.Left);
                Write(w, d.Right);
                break;
            case FunctionExpr f:
                w.WriteByte((byte)Tag.Function);
                WriteType(w, f.Type);
                w.WriteString(f.Function.Name);
                WriteList(w, f.Args);
                break;
            default:
                throw new InvalidOperationException($"expression {e.GetType().Name} cannot be shipped to an atom");
        }
    }

    private static BoundExpr Read(ref ByteReader r)
    {
        var tag = (Tag)r.ReadByte();
        switch (tag)
        {
            case Tag.Column:
                {
                    var type = ReadType(ref r);
                    int ordinal = (int)r.ReadVarint();
                    return new ColumnExpr(ordinal, type, r.ReadString());
                }
            case Tag.Constant:
                {
                    var type = ReadType(ref r);
                    return new ConstantExpr(ReadValue(ref r), type);
                }
            case Tag.Arithmetic:
                {
                    var type = ReadType(ref r);
                    var op = (ArithmeticOp)r.ReadByte();
                    var left = Read(ref r);
                    return new ArithmeticExpr(op, left, Read(ref r), type);
                }
            case Tag.Negate:
                return new NegateExpr(Read(ref r));
            case Tag.Compare:
                {
                    var op = (CompareOp)r.ReadByte();
                    var left = Read(ref r);
                    return new CompareExpr(op, left, Read(ref r));
                }
            case Tag.And:
                return new AndExpr(ReadList(ref r));
            case Tag.Or:
                return new OrExpr(ReadList(ref r));
            case Tag.Not:
                return new NotExpr(Read(ref r));
            case Tag.Is:
                {
                    var test = (IsTest)r.ReadByte();
                    bool negated = r.ReadByte() != 0;
                    return new IsExpr(Read(ref r), test, negated);
                }
            case Tag.IsDistinct:
                {
                    bool negated = r.ReadByte() != 0;
                    var left = Read(ref r);
                    return new IsDistinctExpr(left, Read(ref r), negated);
                }
            case Tag.Cast:
                {
                    var type = ReadType(ref r);
                    bool isExplicit = r.ReadByte() != 0;
                    return new CastExpr(Read(ref r), type, isExplicit);
                }
            case Tag.Case:
                {
                    var type = ReadType(ref r);
                    bool hasElse = r.ReadByte() != 0;
                    var children = ReadList(ref r);
                    var whens = new List<(BoundExpr, BoundExpr)>();
                    int pairs = (children.Count - (hasElse ? 1 : 0)) / 2;
                    for (int i = 0; i < pairs; i++) whens.Add((children[2 * i], children[2 * i + 1]));
                    return new CaseExpr(whens, hasElse ? children[^1] : null, type);
                }
            case Tag.Coalesce:
                {
                    var type = ReadType(ref r);
                    return new CoalesceExpr(ReadList(ref r), type);
                }
            case Tag.InList:
                {
                    bool negated = r.ReadByte() != 0;
                    var children = ReadList(ref r);
                    return new InListExpr(children[0], children.Skip(1).ToList(), negated);
                }
            case Tag.Concat:
                {
                    var left = Read(ref r);
                    return new ConcatExpr(left, Read(ref r));
                }
            case Tag.Like:
                {
                    byte flags = r.ReadByte();
                    var operand = Read(ref r);
                    return new LikeExpr(operand, Read(ref r), (flags & 1) != 0, (flags & 2) != 0);
                }
            case Tag.DateArithmetic:
                {
                    var type = ReadType(ref r);
                    var op = (ArithmeticOp)r.ReadByte();
                    var left = Read(ref r);
                    return new DateArithmeticExpr(op, left, Read(ref r), type);
                }
            case Tag.Function:
                {
                    var type = ReadType(ref r);
                    string name = r.ReadString();
                    var function = ScalarFunctions.Find(name) ?? throw new InvalidDataException($"unknown function {name}");
                    return new FunctionExpr(function, ReadList(ref r), type);
                }
            default:
                throw new InvalidDataException($"unknown expression tag {(byte)tag}");
        }
    }
}
