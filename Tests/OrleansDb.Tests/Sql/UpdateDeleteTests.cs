using OrleansDb.Tests.Engine;
using Xunit;
using static OrleansDb.Tests.Sql.Rows;

namespace OrleansDb.Tests.Sql;

/// <summary>UPDATE ... FROM, DELETE ... USING and RETURNING as PostgreSQL defines them.</summary>
public sealed class UpdateDeleteTests(EngineClusterFixture db) : IClassFixture<EngineClusterFixture>
{
    private async Task CreatePricesAsync(string prices, string changes)
    {
        await db.RunAsync($"CREATE TABLE {prices} (id integer PRIMARY KEY, price integer); CREATE TABLE {changes} (id integer, price integer)");
        await db.RunAsync($"INSERT INTO {prices} VALUES (1, 10), (2, 20), (3, 30); INSERT INTO {changes} VALUES (1, 11), (2, 22), (9, 99)");
    }

    [Fact]
    public async Task Update_From_Joins_Another_Table()
    {
        await CreatePricesAsync("upd_prices", "upd_changes");
        var result = (await db.RunAsync("UPDATE upd_prices SET price = c.price FROM upd_changes c WHERE c.id = upd_prices.id RETURNING upd_prices.id, upd_prices.price"))[0];
        Assert.Equal(2, result.RowsAffected);
        Assert.Equal([Row(1L, 11L), Row(2L, 22L)], result.Rows.OrderBy(r => r[0]).ToList());
        Assert.Equal([Row(1L, 11L), Row(2L, 22L), Row(3L, 30L)], await db.QueryAsync("SELECT * FROM upd_prices ORDER BY id"));
    }

    [Fact]
    public async Task Update_From_With_Filters_On_Both_Tables()
    {
        await CreatePricesAsync("upd_both_prices", "upd_both_changes");
        Assert.Equal(1, (await db.RunAsync("UPDATE upd_both_prices p SET price = p.price + c.price FROM upd_both_changes c WHERE c.id = p.id AND c.price > 20 AND p.id < 3"))[0].RowsAffected);
        Assert.Equal([Row(1L, 10L), Row(2L, 42L), Row(3L, 30L)], await db.QueryAsync("SELECT * FROM upd_both_prices ORDER BY id"));
    }

    [Fact]
    public async Task Delete_Using_Joins_Another_Table_And_Returning_Star_Gives_Both()
    {
        await CreatePricesAsync("del_prices", "del_changes");
        var result = (await db.RunAsync("DELETE FROM del_prices USING del_changes c WHERE c.id = del_prices.id AND c.price > 20 RETURNING *"))[0];
        Assert.Equal(["id", "price", "id", "price"], result.Columns.Select(c => c.Name));
        Assert.Equal([Row(2L, 20L, 2L, 22L)], result.Rows);
        Assert.Equal([Row(1L, 10L), Row(3L, 30L)], await db.QueryAsync("SELECT * FROM del_prices ORDER BY id"));
    }

    [Fact]
    public async Task Returning_On_Update_Gives_The_New_Values()
    {
        await CreatePricesAsync("ret_prices", "ret_changes");
        Assert.Equal([Row(3L, 31L)], await db.QueryAsync("UPDATE ret_prices p SET price = p.price + 1 WHERE p.id = 3 RETURNING *"));
        Assert.Equal([Row(20L, "x")], await db.QueryAsync("UPDATE ret_prices SET price = price * 2 WHERE id = 1 RETURNING price, 'x'"));
        var none = (await db.RunAsync("UPDATE ret_prices SET price = 0 WHERE id = 42 RETURNING *"))[0];
        Assert.Equal(["id", "price"], none.Columns.Select(c => c.Name));
        Assert.Empty(none.Rows);
    }

    [Fact]
    public async Task Returning_On_Delete_Gives_The_Old_Values()
    {
        await CreatePricesAsync("retd_prices", "retd_changes");
        Assert.Equal([Row(10L, 1L)], await db.QueryAsync("DELETE FROM retd_prices WHERE id = 1 RETURNING price, id"));
        Assert.Equal([Row(2L, 20L), Row(3L, 30L)], (await db.QueryAsync("DELETE FROM retd_prices RETURNING *")).OrderBy(r => r[0]).ToList());
        Assert.Empty(await db.QueryAsync("SELECT * FROM retd_prices"));
    }
}
