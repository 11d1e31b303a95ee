namespace OrleansDb.Sql.Parsing;

/// <summary>
/// Words that cannot be used as a bare identifier or alias: PostgreSQL's reserved keywords plus the
/// words that would make a bare alias ambiguous (JOIN, LEFT, IS, LIKE, ...). Quote them to use them.
/// </summary>
internal static class Keywords
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "between", "both",
        "case", "cast", "check", "collate", "column", "constraint", "create", "cross", "current_date",
        "current_time", "current_timestamp", "default", "deferrable", "desc", "distinct", "do", "else",
        "end", "except", "false", "fetch", "for", "foreign", "from", "full", "grant", "group", "having",
        "ilike", "in", "initially", "inner", "intersect", "into", "is", "isnull", "join", "lateral",
        "leading", "left", "like", "limit", "localtime", "localtimestamp", "natural", "not", "notnull",
        "null", "offset", "on", "only", "or", "order", "outer", "placing", "primary", "references",
        "returning", "right", "select", "similar", "some", "symmetric", "table", "then", "to", "trailing",
        "true", "union", "unique", "user", "using", "variadic", "when", "where", "window", "with",
    };

    public static bool IsReserved(string word) => Reserved.Contains(word);
}
