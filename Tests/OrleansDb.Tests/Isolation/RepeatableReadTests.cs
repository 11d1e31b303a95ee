using Xunit;

namespace OrleansDb.Tests.Isolation;

/// <summary>
/// The Hermitage scenarios at REPEATABLE READ (snapshot isolation) on a three-silo cluster, T1, T2 and T3
/// on different silos; each asserts PostgreSQL's outcome.
/// </summary>
public sealed class RepeatableReadTests(ThreeSiloIsolationFixture db) : IClassFixture<ThreeSiloIsolationFixture>
{
    private const IsolationLevel Level = IsolationLevel.RepeatableRead;

    [Fact]
    public Task G0_Second_Writer_Waits_Then_Fails_With_40001() => Hermitage.G0(db, Level);

    [Fact]
    public Task G1a_Aborted_Write_Is_Never_Read() => Hermitage.G1a(db, Level);

    [Fact]
    public Task G1b_No_Write_Of_The_Other_Transaction_Is_Read() => Hermitage.G1b(db, Level);

    [Fact]
    public Task G1c_Uncommitted_Writes_Are_Not_Read_And_Both_Commit() => Hermitage.G1c(db, Level);

    [Fact]
    public Task OTV_Blocked_Writer_Fails_And_The_Reader_Keeps_Its_Snapshot() => Hermitage.Otv(db, Level);

    [Fact]
    public Task PMP_Committed_Insert_Stays_Invisible() => Hermitage.Pmp(db, Level);

    [Fact]
    public Task PMP_Write_Blocked_Delete_Fails_With_40001() => Hermitage.PmpWrite(db, Level);

    [Fact]
    public Task P4_Lost_Update_Is_Prevented_With_40001() => Hermitage.P4(db, Level);

    [Fact]
    public Task G_Single_Read_Skew_Is_Prevented() => Hermitage.GSingle(db, Level);

    [Fact]
    public Task G_Single_Predicate_Read_Keeps_The_Snapshot() => Hermitage.GSinglePredicate(db, Level);

    [Fact]
    public Task G_Single_Write_Predicate_Delete_Fails_With_40001() => Hermitage.GSingleWritePredicate(db, Level);

    [Fact]
    public Task G2_Item_Write_Skew_Is_Allowed() => Hermitage.G2Item(db, Level);

    [Fact]
    public Task G2_Anti_Dependency_Cycle_Is_Allowed() => Hermitage.G2(db, Level);

    [Fact]
    public Task G2_Two_Anti_Dependency_Edges_Are_Allowed() => Hermitage.G2TwoEdges(db, Level);
}
