using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace OrleansDb.SqlLogicTest;

/// <summary>
/// Renders query rows to sqllogictest values, orders them per the sort mode and hashes them.
/// Holds reusable buffers: one instance per runner thread, not thread-safe.
/// </summary>
public sealed class SqlLogicResultSet : IDisposable
{
    private readonly IncrementalHash _md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
    private byte[] _buffer = new byte[16 * 1024];

    /// <summary>
    /// Renders <paramref name="rows"/> for <paramref name="types"/> and orders the values: row-major in the
    /// returned order (nosort), rows sorted column by column (rowsort) or every value sorted (valuesort).
    /// Returns null when a row's column count differs from the number of types.
    /// </summary>
    public static string[]? Render(IReadOnlyList<object?[]> rows, string types, SortMode sortMode, out int actualColumns)
    {
        var columns = types.Length;
        actualColumns = columns;
        foreach (var row in rows)
        {
            if (row.Length != columns)
            {
                actualColumns = row.Length;
                return null;
            }
        }

        var values = new string[rows.Count * columns];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            for (var c = 0; c < columns; c++)
            {
                values[(r * columns) + c] = SqlLogicValueRenderer.Render(row[c], types[c]);
            }
        }

        switch (sortMode)
        {
            case SortMode.ValueSort:
                Array.Sort(values, StringComparer.Ordinal);
                break;
            case SortMode.RowSort when rows.Count > 1 && columns > 0:
                SortRows(values, rows.Count, columns);
                break;
        }

        return values;
    }

    /// <summary>MD5 of every value followed by '\n', as lowercase hex.</summary>
    public string Hash(IReadOnlyList<string> values)
    {
        // Values are batched into one buffer: a hash call per value would dominate the cost.
        var used = 0;
        foreach (var value in values)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(value.Length) + 1;
            if (_buffer.Length - used < needed)
            {
                _md5.AppendData(_buffer, 0, used);
                used = 0;
                if (_buffer.Length < needed)
                {
                    _buffer = new byte[Math.Max(needed, _buffer.Length * 2)];
                }
            }

            used += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(used));
            _buffer[used++] = (byte)'\n';
        }

        _md5.AppendData(_buffer, 0, used);
        Span<byte> digest = stackalloc byte[16];
        _md5.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The expected-block form of a hashed result: <c>N values hashing to MD5</c>.</summary>
    public static string HashLine(int count, string hash) => $"{count} values hashing to {hash}";

    public void Dispose() => _md5.Dispose();

    private static void SortRows(string[] values, int rowCount, int columns)
    {
        var order = ArrayPool<int>.Shared.Rent(rowCount);
        try
        {
            for (var r = 0; r < rowCount; r++)
            {
                order[r] = r;
            }

            Array.Sort(order, 0, rowCount, new RowComparer(values, columns));
            var copy = (string[])values.Clone();
            for (var r = 0; r < rowCount; r++)
            {
                Array.Copy(copy, order[r] * columns, values, r * columns, columns);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(order);
        }
    }

    private sealed class RowComparer(string[] values, int columns) : IComparer<int>
    {
        public int Compare(int x, int y)
        {
            int a = x * columns, b = y * columns;
            for (var c = 0; c < columns; c++)
            {
                var result = string.CompareOrdinal(values[a + c], values[b + c]);
                if (result != 0)
                {
                    return result;
                }
            }

            return 0;
        }
    }
}
