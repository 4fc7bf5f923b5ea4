namespace ResLab.Screens.Mageck;

/// <summary>Size-factor method (<c>--norm-method</c>).</summary>
public enum MageckNorm { Median, Total, Control }

/// <summary>Which sgRNAs are left out of the gene test for zero counts (<c>--remove-zero</c>).</summary>
public enum RemoveZero { None, Control, Treatment, Both, Any }

/// <summary>How a gene's log fold change is summarised from its sgRNAs (<c>--gene-lfc-method</c>).</summary>
public enum GeneLfcMethod { Median, AlphaMedian, Mean, AlphaMean, SecondBest }

/// <summary>The options of <c>mageck test</c> that ResLab implements, with MAGeCK 0.5.9.2's defaults.</summary>
public sealed record MageckTestOptions
{
    /// <summary>Treatment samples (<c>-t</c>): names, or 0-based column indices as MAGeCK accepts.</summary>
    public required IReadOnlyList<string> Treatment { get; init; }

    /// <summary>Control samples (<c>-c</c>).</summary>
    public required IReadOnlyList<string> Control { get; init; }

    public MageckNorm Norm { get; init; } = MageckNorm.Median;

    /// <summary>Paired replicates (<c>--paired</c>): each control/treatment pair becomes its own pseudo-sgRNA <c>id_r{k}</c>.</summary>
    public bool Paired { get; init; }

    /// <summary>Negative-control sgRNAs (<c>--control-sgrna</c>): normalisation with <see cref="MageckNorm.Control"/>, and the RRA null.</summary>
    public ControlSgrnas? ControlSgrnas { get; init; }

    public RemoveZero RemoveZero { get; init; } = RemoveZero.Both;

    /// <summary>A median count must exceed this to count as non-zero (<c>--remove-zero-threshold</c>).</summary>
    public double RemoveZeroThreshold { get; init; }

    public GeneLfcMethod GeneLfc { get; init; } = GeneLfcMethod.Median;

    /// <summary>Raw sgRNA p-value cut-off defining α (<c>--gene-test-fdr-threshold</c>; despite its name MAGeCK applies it to raw p).</summary>
    public double GeneTestFdrThreshold { get; init; } = 0.25;

    /// <summary>Order the gene summary by positive selection (<c>--sort-criteria pos</c>) instead of negative.</summary>
    public bool SortByPositive { get; init; }

    /// <summary>Worker threads (null: all cores). Results do not depend on it.</summary>
    public int? Threads { get; init; }
}
