namespace ResLab.Analysis.Clonogenic;

/// <summary>
/// One well (or flask, or dish) of a colony-formation assay: how many cells were seeded, how many colonies grew,
/// after which dose, in which experiment. <see cref="Fractions"/> &gt; 1 means the total dose was given as that many
/// equal fractions. <see cref="Pe"/> is the plating efficiency supplied by the user (NaN when not given).
/// </summary>
public sealed record ColonyWell(int Curve, int Experiment, double Dose, int Fractions, double Cells, double Colonies, double Pe, int Line)
{
    /// <summary>Dose per fraction d = D/n.</summary>
    public double DosePerFraction => Dose / Fractions;

    /// <summary>The quadratic covariate of the LQ model, n·d² = D²/n (D² for a single fraction).</summary>
    public double QuadraticDose => Dose * Dose / Fractions;
}

/// <summary>One experiment (biological replicate) of a curve; its plating efficiency is estimated or fixed per experiment.</summary>
public sealed record Experiment(int Curve, string Name, int FirstLine);

/// <summary>A survival curve: one combination of the grouping columns (a line, a line × treatment, a line × oxygen …).</summary>
public sealed record SurvivalCurve(int Index, IReadOnlyList<string> Key, string Name)
{
    public override string ToString() => Name;
}

/// <summary>A clonogenic data set as read from a file: curves, their experiments and wells, with where each came from.</summary>
public sealed class ClonogenicSet
{
    public required string Source { get; init; }
    public required IReadOnlyList<string> GroupColumns { get; init; }
    public required IReadOnlyList<SurvivalCurve> Curves { get; init; }
    public required IReadOnlyList<Experiment> Experiments { get; init; }
    public required IReadOnlyList<ColonyWell> Wells { get; init; }

    /// <summary>Column names as in the file, for messages.</summary>
    public required string DoseColumn { get; init; }
    public required string ExperimentColumn { get; init; }

    /// <summary>True when a fractions column was read (fractionated LQ: S = exp(−n(αd + βd²))).</summary>
    public bool Fractionated { get; init; }

    /// <summary>True when a plating-efficiency column was read.</summary>
    public bool HasPe { get; init; }

    private ILookup<int, ColonyWell>? _byCurve, _byExperiment;
    private ILookup<int, int>? _experimentsByCurve;

    /// <summary>The wells of a curve, in input order (indexed once: large files have thousands of curves).</summary>
    public IEnumerable<ColonyWell> WellsOf(int curve) => (_byCurve ??= Wells.ToLookup(w => w.Curve))[curve];

    /// <summary>The wells of an experiment, in input order.</summary>
    public IEnumerable<ColonyWell> WellsOfExperiment(int experiment) => (_byExperiment ??= Wells.ToLookup(w => w.Experiment))[experiment];

    public IEnumerable<int> ExperimentsOf(int curve) =>
        (_experimentsByCurve ??= Enumerable.Range(0, Experiments.Count).ToLookup(e => Experiments[e].Curve))[curve];
}
