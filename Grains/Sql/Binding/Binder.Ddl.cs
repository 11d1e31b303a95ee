using OrleansDb.Sql.Expressions;
using OrleansDb.Sql.Parsing;
using OrleansDb.Sql.Types;
using OrleansDb.Storage;

namespace OrleansDb.Sql.Binding;

public sealed partial class Binder
{
    /// <summary>Name of the hidden row-id column of a table declared without a primary key.</summary>
    public const string RowIdColumn = "rowid";

    private BoundStatement BindCreateTable(CreateTableStatement create)
    {
        string schema = create.Table.Schema ?? DefaultSchema;
        if (!_catalog.SchemaExists(schema))
        {
            throw new SqlException(SqlState.InvalidSchemaName, $"schema \"{schema}\" does not exist", create.Table.Offset + 1);
        }
        if (create.UniqueConstraints.Count > 0)
        {
            throw new SqlException(SqlState.FeatureNotSupported, "UNIQUE constraints are not supported yet", create.Offset + 1);
        }
        var columns = new List<ColumnSchema>();
        var sequences = new List<SequenceSchema>();
        var sequenceNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var def in create.Columns)
        {
            if (columns.Any(c => c.Name == def.Name))
            {
                throw new SqlException(SqlState.DuplicateColumn, $"column \"{def.Name}\" specified more than once", def.Offset + 1);
            }
            if (GeneratedColumn(def, schema, create.Table.Name, sequenceNames) is var (generatedType, sequence, always))
            {
                sequences.Add(sequence);
                columns.Add(new ColumnSchema(def.Name, generatedType, true, NextValueDefault(sequence), AlwaysGenerated: always));
                continue;
            }
            var type = TypeRules.FromTypeName(def.Type);
            string? defaultSql = null;
            if (def.Constraints.Default is not null)
            {
                var bound = BindExpr(def.Constraints.Default, null);
                var column = new ColumnSchema(def.Name, type, false, null);
                defaultSql = AssignTo(column, bound, def.Constraints.Default.Offset).ToString();
            }
            columns.Add(new ColumnSchema(def.Name, type, def.Constraints.NotNull, defaultSql));
        }
        var key = new List<int>();
        if (create.PrimaryKey is not null)
        {
            foreach (string name in create.PrimaryKey)
            {
                int ordinal = columns.FindIndex(c => c.Name == name);
                if (ordinal < 0)
                {
                    throw new SqlException(SqlState.UndefinedColumn, $"column \"{name}\" named in key does not exist", create.Offset + 1);
                }
                if (key.Contains(ordinal))
                {
                    throw new SqlException(SqlState.DuplicateColumn, $"column \"{name}\" appears twice in primary key constraint", create.Offset + 1);
                }
                key.Add(ordinal);
                columns[ordinal] = columns[ordinal] with { NotNull = true };
            }
        }
        else
        {
            columns.Add(new ColumnSchema(RowIdColumn, SqlType.BigInt, true, null, Hidden: true));
            key.Add(columns.Count - 1);
        }
        var table = new TableSchema(0, schema, create.Table.Name, columns, key, 1);
        return new BoundCreateTable(table, create.IfNotExists, sequences);
    }

    private BoundDropTable BindDropTable(DropTableStatement drop)
    {
        var tables = new List<TableSchema>();
        var missing = new List<string>();
        foreach (var name in drop.Tables)
        {
            var table = _catalog.FindTable(name.Schema, name.Name);
            if (table is null && _catalog.RelationExists(name.Schema, name.Name))
            {
                throw new SqlException(SqlState.WrongObjectType, $"\"{name.Name}\" is not a table", name.Offset + 1);
            }
            if (table is null)
            {
                if (!drop.IfExists) throw new SqlException(SqlState.UndefinedTable, $"table \"{name.Name}\" does not exist", name.Offset + 1);
                missing.Add(name.Name);
            }
            else if (!tables.Contains(table))
            {
                tables.Add(table);
            }
        }
        return new BoundDropTable(tables, missing, drop.IfExists);
    }
}

public sealed partial class Binder
{
    private BoundCreateIndex BindCreateIndex(CreateIndexStatement create)
    {
        var table = ResolveTable(create.Table);
        var columns = new List<IndexColumn>();
        foreach (var column in create.Columns)
        {
            int ordinal = table.FindColumn(column.Name);
            if (ordinal < 0) throw new SqlException(SqlState.UndefinedColumn, $"column \"{column.Name}\" does not exist", column.Offset + 1);
            columns.Add(new IndexColumn(ordinal, column.Descending));
        }
        var index = new IndexSchema(0, table.Id, table.SchemaName, create.Name, columns, create.Unique);
        return new BoundCreateIndex(index, table, create.IfNotExists);
    }

    private BoundCreateView BindCreateView(CreateViewStatement create)
    {
        string schema = create.Name.Schema ?? DefaultSchema;
        if (!_catalog.SchemaExists(schema)) throw new SqlException(SqlState.InvalidSchemaName, $"schema \"{schema}\" does not exist", create.Name.Offset + 1);
        var node = BindQuery(create.Query);
        if (create.Columns is not null && create.Columns.Count > node.Columns.Count)
        {
            throw new SqlException(SqlState.SyntaxError, "CREATE VIEW specifies more column names than columns", create.Offset + 1);
        }
        var names = node.Columns.Select(c => c.Name).ToList();
        for (int i = 0; i < (create.Columns?.Count ?? 0); i++) names[i] = create.Columns![i];
        var duplicate = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new SqlException(SqlState.DuplicateColumn, $"column \"{duplicate.Key}\" specified more than once", create.Offset + 1);
        return new BoundCreateView(new ViewSchema(0, schema, create.Name.Name, create.QuerySql, names));
    }

    private BoundStatement BindDropRelation(DropRelationStatement drop)
    {
        if (drop.Kind == "index")
        {
            var indexes = new List<IndexSchema>();
            foreach (var name in drop.Names)
            {
                if (_catalog.FindIndex(name.Schema, name.Name) is { } index) indexes.Add(index);
                else if (_catalog.RelationExists(name.Schema, name.Name)) throw new SqlException(SqlState.WrongObjectType, $"\"{name}\" is not an index", name.Offset + 1);
                else if (!drop.IfExists) throw new SqlException(SqlState.UndefinedObjectType, $"index \"{name}\" does not exist", name.Offset + 1);
            }
            return new BoundDropIndex(indexes, drop.IfExists);
        }
        if (drop.Kind == "sequence")
        {
            var sequences = new List<SequenceSchema>();
            foreach (var name in drop.Names)
            {
                if (_catalog.FindSequence(name.Schema, name.Name) is { } sequence) sequences.Add(sequence);
                else if (_catalog.RelationExists(name.Schema, name.Name)) throw new SqlException(SqlState.WrongObjectType, $"\"{name}\" is not a sequence", name.Offset + 1);
                else if (!drop.IfExists) throw new SqlException(SqlState.UndefinedTable, $"sequence \"{name}\" does not exist", name.Offset + 1);
            }
            return new BoundDropSequence(sequences, drop.IfExists);
        }
        var views = new List<ViewSchema>();
        foreach (var name in drop.Names)
        {
            if (_catalog.FindView(name.Schema, name.Name) is { } view) views.Add(view);
            else if (_catalog.RelationExists(name.Schema, name.Name)) throw new SqlException(SqlState.WrongObjectType, $"\"{name}\" is not a view", name.Offset + 1);
            else if (!drop.IfExists) throw new SqlException(SqlState.UndefinedTable, $"view \"{name}\" does not exist", name.Offset + 1);
        }
        return new BoundDropView(views, drop.IfExists);
    }
}

public sealed partial class Binder
{
    private BoundStatement BindAlterTable(AlterTableStatement alter)
    {
        if (alter.IfExists && _catalog.FindTable(alter.Table.Schema, alter.Table.Name) is null) return new BoundNothing();
        var table = ResolveTable(alter.Table);
        var indexes = _catalog.IndexesOf(table.Id);
        var bumped = table with { Version = table.Version + 1 };
        switch (alter.Action)
        {
            case AddColumnAction add:
                {
                    var def = add.Column;
                    if (table.FindColumn(def.Name) >= 0)
                    {
                        if (add.IfNotExists) return new BoundNothing();
                        throw new SqlException(SqlState.DuplicateColumn, $"column \"{def.Name}\" of relation \"{table.Name}\" already exists", def.Offset + 1);
                    }
                    if (def.Constraints.PrimaryKey || def.Constraints.Unique)
                    {
                        throw new SqlException(SqlState.FeatureNotSupported, "adding a PRIMARY KEY or UNIQUE column is not supported", def.Offset + 1);
                    }
                    if (def.Constraints.Identity is not null || def.Type.Name is "serial" or "serial4" or "bigserial" or "serial8" or "smallserial" or "serial2")
                    {
                        throw new SqlException(SqlState.FeatureNotSupported, "adding a SERIAL or identity column is not supported; create a sequence and use DEFAULT nextval(...)", def.Offset + 1);
                    }
                    var type = TypeRules.FromTypeName(def.Type);
                    var column = new ColumnSchema(def.Name, type, def.Constraints.NotNull, null);
                    BoundExpr value = new ConstantExpr(Value.Null, type);
                    if (def.Constraints.Default is not null)
                    {
                        value = AssignTo(column, BindExpr(def.Constraints.Default, null), def.Constraints.Default.Offset);
                        column = column with { DefaultSql = value.ToString() };
                    }
                    // The new column goes before the hidden row id, which stays last.
                    var columns = table.Columns.ToList();
                    int at = table.HasHiddenRowId ? columns.Count - 1 : columns.Count;
                    columns.Insert(at, column);
                    var key = table.PrimaryKey.Select(k => k >= at ? k + 1 : k).ToList();
                    var shifted = indexes.Select(i => i with { Columns = i.Columns.Select(c => c with { Ordinal = c.Ordinal >= at ? c.Ordinal + 1 : c.Ordinal }).ToList() }).ToList();
                    return new BoundAlterTable(table, bumped with { Columns = columns, PrimaryKey = key }, shifted, [], RowRewrite.AddColumn, value, at);
                }
            case DropColumnAction drop:
                {
                    int ordinal = table.FindColumn(drop.Column);
                    if (ordinal < 0)
                    {
                        if (drop.IfExists) return new BoundNothing();
                        throw new SqlException(SqlState.UndefinedColumn, $"column \"{drop.Column}\" of relation \"{table.Name}\" does not exist", drop.Offset + 1);
                    }
                    if (table.PrimaryKey.Contains(ordinal))
                    {
                        throw new SqlException(SqlState.DependentObjectsStillExist, $"cannot drop column {drop.Column} of table {table.Name} because constraint {table.Name}_pkey depends on it", drop.Offset + 1);
                    }
                    if (table.Columns.Count(c => !c.Hidden) == 1)
                    {
                        throw new SqlException(SqlState.FeatureNotSupported, "a table must keep at least one column", drop.Offset + 1);
                    }
                    var columns = table.Columns.Where((_, i) => i != ordinal).ToList();
                    var key = table.PrimaryKey.Select(k => k > ordinal ? k - 1 : k).ToList();
                    var dropped = indexes.Where(i => i.Columns.Any(c => c.Ordinal == ordinal)).ToList();
                    var kept = indexes.Except(dropped)
                        .Select(i => i with { Columns = i.Columns.Select(c => c with { Ordinal = c.Ordinal > ordinal ? c.Ordinal - 1 : c.Ordinal }).ToList() }).ToList();
                    return new BoundAlterTable(table, bumped with { Columns = columns, PrimaryKey = key }, kept, dropped, RowRewrite.DropColumn, null, ordinal);
                }
            case RenameColumnAction rename:
                {
                    int ordinal = table.FindColumn(rename.Column);
                    if (ordinal < 0) throw new SqlException(SqlState.UndefinedColumn, $"column \"{rename.Column}\" does not exist", rename.Offset + 1);
                    if (table.FindColumn(rename.NewName) >= 0)
                    {
                        throw new SqlException(SqlState.DuplicateColumn, $"column \"{rename.NewName}\" of relation \"{table.Name}\" already exists", rename.Offset + 1);
                    }
                    var columns = table.Columns.Select((c, i) => i == ordinal ? c with { Name = rename.NewName } : c).ToList();
                    return new BoundAlterTable(table, bumped with { Columns = columns }, indexes, [], RowRewrite.None, null, ordinal);
                }
            case RenameTableAction rename:
                if (_catalog.RelationExists(table.SchemaName, rename.NewName))
                {
                    throw new SqlException(SqlState.DuplicateTable, $"relation \"{rename.NewName}\" already exists", rename.Offset + 1);
                }
                return new BoundAlterTable(table, bumped with { Name = rename.NewName }, indexes, [], RowRewrite.None, null, 0);
            default:
                throw SqlException.NotSupported(alter.Action.GetType().Name);
        }
    }
}
