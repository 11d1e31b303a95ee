namespace OrleansDb.Sql.Parsing;

public sealed partial class Parser
{
    /// <summary>
    /// transaction_control := (BEGIN [WORK | TRANSACTION] | START TRANSACTION) [modes]
    ///   | (COMMIT | END) [WORK | TRANSACTION] | (ROLLBACK | ABORT) [WORK | TRANSACTION] [TO [SAVEPOINT] name]
    ///   | SAVEPOINT name | RELEASE [SAVEPOINT] name | SET TRANSACTION modes
    ///   | SET SESSION CHARACTERISTICS AS TRANSACTION modes
    /// modes := ISOLATION LEVEL (READ COMMITTED | READ UNCOMMITTED | REPEATABLE READ | SERIALIZABLE) | READ WRITE | READ ONLY
    /// </summary>
    private TransactionStatement ParseTransactionControl()
    {
        var t = Next();
        switch (t.Text)
        {
            case "begin":
                if (!AcceptKeyword("work")) AcceptKeyword("transaction");
                return new TransactionStatement(TransactionCommand.Begin, ParseTransactionModes(), null, t.Offset);
            case "start":
                ExpectKeyword("transaction");
                return new TransactionStatement(TransactionCommand.Begin, ParseTransactionModes(), null, t.Offset);
            case "commit" or "end":
                if (!AcceptKeyword("work")) AcceptKeyword("transaction");
                return new TransactionStatement(TransactionCommand.Commit, null, null, t.Offset);
            case "rollback" or "abort":
                if (!AcceptKeyword("work")) AcceptKeyword("transaction");
                if (AcceptKeyword("to"))
                {
                    AcceptKeyword("savepoint");
                    return new TransactionStatement(TransactionCommand.RollbackToSavepoint, null, ExpectIdentifier(), t.Offset);
                }
                return new TransactionStatement(TransactionCommand.Rollback, null, null, t.Offset);
            case "savepoint":
                return new TransactionStatement(TransactionCommand.Savepoint, null, ExpectIdentifier(), t.Offset);
            case "release":
                AcceptKeyword("savepoint");
                return new TransactionStatement(TransactionCommand.ReleaseSavepoint, null, ExpectIdentifier(), t.Offset);
            default:
                if (AcceptKeyword("session"))
                {
                    ExpectKeyword("characteristics");
                    ExpectKeyword("as");
                    ExpectKeyword("transaction");
                    return new TransactionStatement(TransactionCommand.SetSessionDefault, ParseTransactionModes(), null, t.Offset);
                }
                ExpectKeyword("transaction");
                return new TransactionStatement(TransactionCommand.SetTransaction, ParseTransactionModes(), null, t.Offset);
        }
    }

    private string? ParseTransactionModes()
    {
        string? isolation = null;
        while (true)
        {
            if (AcceptKeyword("isolation"))
            {
                ExpectKeyword("level");
                if (AcceptKeyword("serializable")) isolation = "serializable";
                else if (AcceptKeyword("repeatable"))
                {
                    ExpectKeyword("read");
                    isolation = "repeatable read";
                }
                else
                {
                    ExpectKeyword("read");
                    if (AcceptKeyword("committed")) isolation = "read committed";
                    else
                    {
                        ExpectKeyword("uncommitted");
                        isolation = "read committed"; // PostgreSQL runs READ UNCOMMITTED as READ COMMITTED
                    }
                }
            }
            else if (AtKeyword("read") && (PeekAt(1).IsKeyword("write") || PeekAt(1).IsKeyword("only")))
            {
                _pos++;
                if (Next().Text == "only") throw SqlException.NotSupported("READ ONLY transactions");
            }
            else if (AtKeyword("not") || AtKeyword("deferrable"))
            {
                throw SqlException.NotSupported("DEFERRABLE");
            }
            else
            {
                return isolation;
            }
            Accept(TokenKind.Comma);
        }
    }
}
