namespace ResLab.Simulation;

/// <summary>Something that happened to a culture: a passage, a fraction, a medium change, a drug set, an escalation, a readout.</summary>
public sealed record CultureEvent(double TimeHours, string Kind, string Detail, double Value);

/// <summary>One row of a culture's time series.</summary>
public sealed record TimePoint(double TimeHours, long Cycling, long Quiescent, long Persister, long Doomed, double Confluence,
    IReadOnlyDictionary<string, double> Drugs, double CumulativeDoseGy, int ClonesAlive, IReadOnlyDictionary<string, double> Means,
    IReadOnlyList<CloneCount> CloneCounts)
{
    public long Total => Cycling + Quiescent + Persister + Doomed;
}

/// <summary>A clone's size at a time point (clones holding at least <see cref="Culture.CloneCountMinShare"/> of the
/// cells; the rest are summed by the reader as "other"): the data behind the Muller plot and clone_sizes.csv.</summary>
public readonly record struct CloneCount(int CloneId, long Count);
