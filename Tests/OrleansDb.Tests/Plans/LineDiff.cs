using System.Text;

namespace OrleansDb.Tests.Plans;

/// <summary>A unified-style diff of two short line lists (a plan is a few lines, so a full LCS table is cheap).</summary>
public static class LineDiff
{
    /// <summary>
    /// Every line of both lists, in order: common lines prefixed by a space, lines only in
    /// <paramref name="expected"/> by '-', lines only in <paramref name="actual"/> by '+'.
    /// </summary>
    public static string Unified(IReadOnlyList<string> expected, IReadOnlyList<string> actual)
    {
        int n = expected.Count, m = actual.Count;
        var common = new int[n + 1, m + 1];
        for (int i = n - 1; i >= 0; i--)
        {
            for (int j = m - 1; j >= 0; j--)
            {
                common[i, j] = expected[i] == actual[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }
        var text = new StringBuilder().Append("--- expected\n+++ actual\n").Append($"@@ -1,{n} +1,{m} @@\n");
        int a = 0, b = 0;
        while (a < n || b < m)
        {
            if (a < n && b < m && expected[a] == actual[b])
            {
                text.Append(' ').Append(expected[a++]).Append('\n');
                b++;
            }
            else if (a < n && (b == m || common[a + 1, b] >= common[a, b + 1]))
            {
                text.Append('-').Append(expected[a++]).Append('\n');
            }
            else
            {
                text.Append('+').Append(actual[b++]).Append('\n');
            }
        }
        return text.ToString();
    }
}
