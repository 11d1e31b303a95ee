namespace OrleansDb.SqlLogicTest;

/// <summary>Settings of a <see cref="SqlLogicRunner"/>.</summary>
public sealed record SqlLogicRunnerOptions
{
    /// <summary>How long one statement or query may run before it is cancelled and counted as failed.</summary>
    public TimeSpan RecordTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stop a file after this many failures (null: run every record).</summary>
    public int? MaxFailuresPerFile { get; init; }

    /// <summary>Expected/actual text in a failure is cut to this many characters.</summary>
    public int MaxOutputChars { get; init; } = 2000;
}
