using ResLab.Screens.Rra;

namespace ResLab.Screens.Mageck;

/// <summary>
/// sgRNA-level results of <c>mageck test</c>, one entry per (pseudo-)sgRNA in input order. In paired mode each
/// control/treatment replicate pair of an sgRNA is its own row <c>id_r{k}</c>.
/// </summary>
public sealed class SgrnaStats
{
    public required string[] Ids { get; init; }
    public required string[] Genes { get; init; }
    /// <summary>Normalised control values per row ([row][replicate]).</summary>
    public required double[][] ControlCounts { get; init; }
    public required double[][] TreatmentCounts { get; init; }
    /// <summary>Control median, zeros replaced by the smallest positive control median.</summary>
    public required double[] ControlMean { get; init; }
    /// <summary>Treatment median (as is).</summary>
    public required double[] TreatmentMean { get; init; }
    public required double[] Lfc { get; init; }
    public required double[] ControlVar { get; init; }
    public required double[] AdjustedVar { get; init; }
    /// <summary>θ: qnorm(p.low) for depleted sgRNAs, else z; the RRA ranking score (|θ| is MAGeCK's "score").</summary>
    public required double[] Theta { get; init; }
    public required double[] PLow { get; init; }
    public required double[] PHigh { get; init; }
    public required double[] PTwoSided { get; init; }
    public required double[] Fdr { get; init; }
    /// <summary>Kept for the gene test (not removed by <c>--remove-zero</c>).</summary>
    public required bool[] Valid { get; init; }
    public int Count => Ids.Length;
}

/// <summary>A gene's result in one direction (negative = depleted in treatment, positive = enriched).</summary>
public sealed record GeneSide(double Score, double P, double Fdr, int Rank, int GoodSgrnas, double Lfc);

public sealed record GeneStats(string Id, int Sgrnas, GeneSide Neg, GeneSide Pos);

/// <summary>
/// What <see cref="MageckTest.Run"/> knows before the gene test: enough for the sgRNA summary and the normalised counts.
/// </summary>
/// <summary>What <see cref="MageckTest.Run"/> knows once the counts are normalised, before the sgRNA tests.</summary>
public sealed record MageckNormalizedStage(string[] ControlSamples, string[] TreatmentSamples, SizeFactorResult SizeFactors, double[][] Normalized);

public sealed record MageckSgrnaStage(string[] ControlSamples, string[] TreatmentSamples, SizeFactorResult SizeFactors, double[][] Normalized,
    SgrnaStats Sgrnas, int[] SgrnaOrder);

/// <summary>Everything <see cref="MageckTest.Run"/> computed, and what MAGeCK would have logged.</summary>
public sealed class MageckTestResult
{
    public required string[] ControlSamples { get; init; }
    public required string[] TreatmentSamples { get; init; }
    /// <summary>Size factors of control then treatment samples.</summary>
    public required SizeFactorResult SizeFactors { get; init; }
    /// <summary>Normalised counts of the selected samples (control then treatment) for the input sgRNAs ([sample][sgRNA]).</summary>
    public required double[][] Normalized { get; init; }
    public required MeanVarianceModel Model { get; init; }
    public required SgrnaStats Sgrnas { get; init; }
    /// <summary>Order of the sgRNA summary: |θ| descending, ties in input order.</summary>
    public required int[] SgrnaOrder { get; init; }
    public required double AlphaNeg { get; init; }
    public required double AlphaPos { get; init; }
    /// <summary>Genes in the gene summary's order (negative rank, or positive with SortByPositive).</summary>
    public required GeneStats[] Genes { get; init; }
    public required IReadOnlyList<RraGroup> RraNeg { get; init; }
    public required IReadOnlyList<RraGroup> RraPos { get; init; }
    public required int RemovedZeroSgrnas { get; init; }
    /// <summary>Genes whose every sgRNA was removed for zero counts: in the sgRNA summary, not in the gene summary (as MAGeCK).</summary>
    public required IReadOnlyList<string> GenesWithoutCounts { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    public required MageckTestOptions Options { get; init; }
}
