using System.Globalization;

namespace OrleansDb.SqlLogicTest;

/// <summary>Hand-parsed command line of the sqllogictest tool.</summary>
public sealed class SqlLogicCommandLine
{
    public const string Usage =
        "usage: OrleansDb.SqlLogicTest [--backend sqlite|orleansdb] [--max-failures N] [--timeout SECONDS]\n"
        + "                              [--verbose] <file-or-directory>...\n"
        + "  Directories are searched recursively for *.test files, run in sorted order.";

    public string? Backend { get; private set; }

    public int? MaxFailures { get; private set; }

    public TimeSpan? Timeout { get; private set; }

    public bool Verbose { get; private set; }

    public bool Help { get; private set; }

    public IReadOnlyList<string> Paths { get; private set; } = [];

    /// <summary>Parses <paramref name="args"/>; on failure returns null and sets <paramref name="error"/>.</summary>
    public static SqlLogicCommandLine? Parse(IReadOnlyList<string> args, out string? error)
    {
        var result = new SqlLogicCommandLine();
        var paths = new List<string>();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            switch (arg)
            {
                case "-h" or "--help":
                    result.Help = true;
                    break;
                case "-v" or "--verbose":
                    result.Verbose = true;
                    break;
                case "--backend":
                    if (!TryValue(args, ref i, out var backend, ref error))
                    {
                        return null;
                    }

                    result.Backend = backend;
                    break;
                case "--max-failures":
                    if (!TryPositive(args, ref i, out var max, ref error))
                    {
                        return null;
                    }

                    result.MaxFailures = max;
                    break;
                case "--timeout":
                    if (!TryPositive(args, ref i, out var seconds, ref error))
                    {
                        return null;
                    }

                    result.Timeout = TimeSpan.FromSeconds(seconds);
                    break;
                case "--":
                    paths.AddRange(args.Skip(i + 1));
                    i = args.Count;
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        error = $"unknown option '{arg}'";
                        return null;
                    }

                    paths.Add(arg);
                    break;
            }
        }

        if (paths.Count == 0 && !result.Help)
        {
            error = "no test file or directory given";
            return null;
        }

        result.Paths = paths;
        return result;
    }

    /// <summary>Files named directly, plus every *.test under each directory (ordinal order).</summary>
    public static IReadOnlyList<string> ExpandPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.GetFiles(path, "*.test", SearchOption.AllDirectories);
                Array.Sort(found, StringComparer.Ordinal);
                files.AddRange(found);
            }
            else
            {
                files.Add(path); // a missing file is reported when it is run
            }
        }

        return files;
    }

    private static bool TryValue(IReadOnlyList<string> args, ref int i, out string value, ref string? error)
    {
        if (i + 1 >= args.Count)
        {
            error = $"'{args[i]}' needs a value";
            value = "";
            return false;
        }

        value = args[++i];
        return true;
    }

    private static bool TryPositive(IReadOnlyList<string> args, ref int i, out int value, ref string? error)
    {
        value = 0;
        if (!TryValue(args, ref i, out var text, ref error))
        {
            return false;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value <= 0)
        {
            error = $"'{args[i - 1]}' needs a positive integer, got '{text}'";
            return false;
        }

        return true;
    }
}
