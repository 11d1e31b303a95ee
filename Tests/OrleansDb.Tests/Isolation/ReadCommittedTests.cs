using Xunit;

namespace OrleansDb.Tests.Isolation;

/// <summary>The Hermitage scenarios at READ COMMITTED on a one-silo cluster; each asserts PostgreSQL's outcome.</summary>
public sealed class ReadCommittedTests(OrleansDbIsolationFixture db) : IClassFixture<OrleansDbIsolationFixture>
{
    private const IsolationLevel Level = IsolationLevel.ReadCommitted;

    [Fact]
    public Task G0_Second_Writer_Waits_Then_Both_Commit_In_One_Order() => Hermitage.G0(db, Level);

    [Fact]
    public Task G1a_Aborted_Write_Is_Never_Read() => Hermitage.G1a(db, Level);

    [Fact]
    public Task G1b_Only_The_Final_Committed_Write_Is_Read() => Hermitage.G1b(db, Level);

    [Fact]
    public Task G1c_Uncommitted_Writes_Are_Not_Read_And_Both_Commit() => Hermitage.G1c(db, Level);

    [Fact]
    public Task OTV_A_Seen_Commit_Stays_Seen_Until_Overwritten() => Hermitage.Otv(db, Level);

    [Fact]
    public Task PMP_Committed_Insert_Appears_In_The_Next_Predicate_Read() => Hermitage.Pmp(db, Level);

    [Fact]
    public Task PMP_Write_Blocked_Delete_Rechecks_Only_The_Rows_It_Matched() => Hermitage.PmpWrite(db, Level);

    [Fact]
    public Task P4_Lost_Update_Is_Allowed_After_Waiting() => Hermitage.P4(db, Level);

    [Fact]
    public Task G_Single_Read_Skew_Is_Allowed() => Hermitage.GSingle(db, Level);

    [Fact]
    public Task G_Single_Predicate_Read_Sees_The_Committed_Change() => Hermitage.GSinglePredicate(db, Level);

    [Fact]
    public Task G_Single_Write_Predicate_Delete_Matches_Nothing_And_Commits() => Hermitage.GSingleWritePredicate(db, Level);

    [Fact]
    public Task G2_Item_Write_Skew_Is_Allowed() => Hermitage.G2Item(db, Level);

    [Fact]
    public Task G2_Anti_Dependency_Cycle_Is_Allowed() => Hermitage.G2(db, Level);

    [Fact]
    public Task G2_Two_Anti_Dependency_Edges_Are_Allowed() => Hermitage.G2TwoEdges(db, Level);
}
