using System.CommandLine;
using System.Data;

namespace OrleansDb.Bench;

/// <summary>The <c>--isolation</c> option of the subcommands that run W3's transactions.</summary>
public static class IsolationOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--isolation")
        {
            Description = "Isolation level of W3's transactions (REPEATABLE READ is snapshot isolation on both OrleansDb and PostgreSQL)",
            DefaultValueFactory = _ => "repeatable-read",
        };
        option.AcceptOnlyFromAmong("read-committed", "repeatable-read", "serializable");
        return option;
    }

    public static IsolationLevel Parse(string? name) => name switch
    {
        "read-committed" => IsolationLevel.ReadCommitted,
        "serializable" => IsolationLevel.Serializable,
        _ => IsolationLevel.RepeatableRead,
    };
}
