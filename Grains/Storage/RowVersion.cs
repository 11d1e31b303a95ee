namespace OrleansDb.Storage;

/// <summary>
/// One committed version of a row: the commit version and the encoded row, or null for a tombstone
/// (the row was deleted at this version). Versions of a key form a chain, newest first.
/// </summary>
public sealed class RowVersion(long version, byte[]? row, RowVersion? older)
{
    public long Version { get; } = version;

    public byte[]? Row { get; } = row;

    public RowVersion? Older { get; internal set; } = older;

    /// <summary>The newest version at or below <paramref name="readVersion"/>, or null.</summary>
    public RowVersion? VisibleAt(long readVersion)
    {
        var v = this;
        while (v is not null && v.Version > readVersion) v = v.Older;
        return v;
    }
}
