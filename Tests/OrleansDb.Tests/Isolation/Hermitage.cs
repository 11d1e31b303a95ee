namespace OrleansDb.Tests.Isolation;

/// <summary>
/// The Hermitage isolation tests (github.com/ept/hermitage, PostgreSQL's file): each scenario interleaves
/// the statements of two or three transactions on the table <c>test</c> and asserts, for the level it
/// runs at, what PostgreSQL 15 does: which statement blocks, which fails with 40001, what each read
/// returns and which commits succeed. The same code runs against OrleansDb (the test classes of this
/// folder) and against a real PostgreSQL (<see cref="PostgresReferenceTests"/>), which keeps the expected
/// outcomes honest.
/// </summary>
public static partial class Hermitage
{
    /// <summary>Every scenario by its Hermitage name.</summary>
    public static readonly IReadOnlyDictionary<string, Func<IIsolationDatabase, IsolationLevel, Task>> Scenarios =
        new Dictionary<string, Func<IIsolationDatabase, IsolationLevel, Task>>(StringComparer.Ordinal)
        {
            ["G0"] = G0,
            ["G1a"] = G1a,
            ["G1b"] = G1b,
            ["G1c"] = G1c,
            ["OTV"] = Otv,
            ["PMP"] = Pmp,
            ["PMP write"] = PmpWrite,
            ["P4"] = P4,
            ["G-single"] = GSingle,
            ["G-single predicate dependencies"] = GSinglePredicate,
            ["G-single write predicate"] = GSingleWritePredicate,
            ["G2-item"] = G2Item,
            ["G2"] = G2,
            ["G2 two anti-dependency edges"] = G2TwoEdges,
        };

    private const string SerializationFailure = ScenarioTransaction.SerializationFailure;

    /// <summary>Whether the level keeps one snapshot for the whole transaction (REPEATABLE READ and SERIALIZABLE).</summary>
    private static bool Snapshot(IsolationLevel level) => level != IsolationLevel.ReadCommitted;
}
