using ResLab.Model;

namespace ResLab.Simulation;

/// <summary>A clone in the working set of a culture: its counts per cell state and shared intracellular state.</summary>
internal sealed class Clone
{
    public required int Id;
    public required int ParentId;
    public required double Born;
    public required Phenotype Phenotype;
    public required CloneKinetics Kinetics;
    public readonly long[] Counts = new long[CellStates.Count];
    public IntracellularState State;
    /// <summary>True while the clone sits at its drug-free steady state (its ODE step can be skipped, and its hazards
    /// are those of <see cref="RestRates"/> with the contact factor applied).</summary>
    public bool AtRest
    {
        get => _atRest;
        set { _atRest = value; if (!value) RestRatesKnown = false; }
    }
    private bool _atRest;
    /// <summary>The hazards at rest at zero density (valid while <see cref="RestRatesKnown"/>).</summary>
    public StateRates RestRates;
    public bool RestRatesKnown;
    public MutationTable? Mutations;
    /// <summary>A clone of the starting population (never merged by coarse-graining).</summary>
    public bool Seeded;
    public CloneRecord Record = null!;
    /// <summary>The living clone of each of <see cref="Mutations"/>' targets (null: none), valid while the culture's
    /// membership log has been read up to <see cref="TargetsVersion"/> (−1: never filled).</summary>
    public Clone?[]? TargetClones;
    public long TargetsVersion = -1;
    /// <summary>The hazards of the last step (readouts).</summary>
    public StateRates LastRates;
    /// <summary>The culture step whose hazards <see cref="LastRates"/> are (the leap condition compares consecutive steps).</summary>
    public long RatesStep = -1;
    /// <summary>Cached state-switching probabilities (a clone's switching rates are often the same step after step).</summary>
    public Culture.SwitchProbabilities Switching;

    public long Total => Counts[0] + Counts[1] + Counts[2] + Counts[3];
}

/// <summary>The lineage record of a clone (kept after extinction): who founded it, when, with which phenotype.</summary>
public sealed record CloneRecord(int Id, int ParentId, double BornHours, Phenotype Phenotype, long FounderCount)
{
    public long PeakCount { get; internal set; }
    public long FinalCount { get; internal set; }
    public double? ExtinctHours { get; internal set; }
    /// <summary>The clone that absorbed this one by coarse-graining (its cells carry on there), and when.</summary>
    public int? MergedInto { get; internal set; }
    public double? MergedHours { get; internal set; }
    /// <summary>Effective log2 trait levels (basal + drift + genotype + couplings).</summary>
    public IReadOnlyList<double> Log2Traits { get; internal init; } = [];
    public double DoublingTimeHours { get; internal init; }
}
