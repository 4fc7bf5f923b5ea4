using ResLab.Biology;
using ResLab.Protocols;

namespace ResLab.Screens.Simulation;

/// <summary>
/// A validated pooled CRISPR screen, as a lab plans it (built by <see cref="ScreenDesignReader"/> from a screen file,
/// or in code): the cell line, the sgRNA library and what each knock-out does, transduction, the T0 sample, the
/// selection arms with their drug schedules, passaging, and how cells become reads. Times are hours; cell numbers are
/// per sgRNA unless named otherwise. The problem of Problem → solve → Solution: <see cref="ScreenSimulator"/> solves it.
/// </summary>
public sealed record ScreenDesign
{
    public string Name { get; init; } = "screen";
    public string Description { get; init; } = "";
    public required CellLine Line { get; init; }
    public required SgrnaLibrary Library { get; init; }
    /// <summary>The knock-out effect of every gene of the library (genes absent from the table are neutral).</summary>
    public required GeneEffects Effects { get; init; }
    public required Transduction Transduction { get; init; }
    public required CultureSpec Culture { get; init; }
    public required Selection Selection { get; init; }
    public SamplingSpec Sampling { get; init; } = new();
    public SequencingSpec Sequencing { get; init; } = new();
    /// <summary>|expected log2 fold change| from which a gene counts as a true hit in the truth table.</summary>
    public double TruthThreshold { get; init; } = 0.5;
    /// <summary>SHA-256 of the screen file and the files it names, recorded in run.json.</summary>
    public string InputHash { get; init; } = "";
    public string? SourceFile { get; init; }
    /// <summary>Notes on the design a lab should know (low coverage, replaced passages …), shown in the report.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The same screen at another coverage (transduction, bottleneck and T0 sample) and number of replicates: a planning grid point.</summary>
    public ScreenDesign WithCoverage(double coverage, int? replicates = null) => this with
    {
        Transduction = Transduction with { Coverage = coverage },
        Culture = Culture with { Bottleneck = coverage },
        Sampling = Sampling with { T0Cells = coverage },
        Selection = replicates is { } r ? Selection with { Replicates = r } : Selection,
    };
}

/// <summary>Lentiviral transduction at a multiplicity of infection, then puromycin selection, then expansion to T0.</summary>
public sealed record Transduction
{
    /// <summary>Multiplicity of infection: integrations per plated cell, Poisson.</summary>
    public double Moi { get; init; } = 0.3;
    /// <summary>Transduced cells per sgRNA (the library's representation at transduction).</summary>
    public double Coverage { get; init; } = 500;
    /// <summary>Puromycin selection (h): uninfected cells die over this time.</summary>
    public double PuromycinHours { get; init; } = 72;
    /// <summary>Fraction of uninfected cells alive at the end of the selection.</summary>
    public double UninfectedSurvival { get; init; } = 1e-3;
    /// <summary>Time from transduction to the T0 sample and the split into arms (h).</summary>
    public double T0Hours { get; init; } = 7 * 24;
    /// <summary>Time from transduction until a knock-out's phenotype shows (editing and protein depletion, h): cells are wild type before.</summary>
    public double PhenotypeDelayHours { get; init; } = 72;
}

/// <summary>How the cells are kept: passages at a fixed interval, keeping a bottleneck of cells per sgRNA.</summary>
public sealed record CultureSpec
{
    public double PassageEveryHours { get; init; } = 72;
    /// <summary>Cells per sgRNA kept at each passage, and seeded into each arm at T0.</summary>
    public double Bottleneck { get; init; } = 500;
    /// <summary>Confluence right after a passage: sizes the vessels (capacity = seeded cells / this).</summary>
    public double SeedingConfluence { get; init; } = 0.1;
}

/// <summary>The selection after T0: arms (vehicle, drug schedules), their length and replicate flasks.</summary>
public sealed record Selection
{
    public required IReadOnlyList<ScreenArm> Arms { get; init; }
    public double DurationHours { get; init; } = 14 * 24;
    public int Replicates { get; init; } = 2;
    /// <summary>The arm the others are compared with (vehicle).</summary>
    public required string Reference { get; init; }

    public ScreenArm ReferenceArm => Arms.First(a => a.Name == Reference);
}

/// <summary>
/// One selection arm: its name (the count table's samples are NAME_1 … NAME_R) and the protocol rules that treat it
/// (set a drug, pulses, escalations, irradiation; from the screen file or a protocol file). The screen adds its own
/// bottleneck passages.
/// </summary>
public sealed record ScreenArm(string Name, IReadOnlyList<Rule> Rules, string Description)
{
    public bool IsVehicle => Rules.Count == 0;
}

/// <summary>Cells to DNA: the T0 gDNA sample and the genomic DNA amplified per sample.</summary>
public sealed record SamplingSpec
{
    /// <summary>Cells per sgRNA in the T0 sample.</summary>
    public double T0Cells { get; init; } = 500;
    /// <summary>Genomic DNA amplified per sample (µg); null: all harvested cells.</summary>
    public double? GdnaMicrograms { get; init; }
    /// <summary>DNA per cell (µg): one diploid human genome, 6.6 pg.</summary>
    public double GenomeMicrograms { get; init; } = 6.6e-6;
}

/// <summary>PCR of the integrated sgRNA cassettes and sequencing.</summary>
public sealed record SequencingSpec
{
    /// <summary>Mapped reads per sgRNA per sample (depth = this × library size).</summary>
    public double ReadsPerSgrna { get; init; } = 500;
    /// <summary>Per-cycle PCR efficiency η: each template's progeny has a relative variance (1 − η)/(1 + η).</summary>
    public double PcrEfficiency { get; init; } = 0.9;
    /// <summary>Extra-Poisson dispersion φ of each sgRNA's amplification per sample (a Gamma(1/φ, φ) factor).</summary>
    public double PcrOverdispersion { get; init; } = 0.01;
    /// <summary>SD of the natural log of each sgRNA's amplification bias (sequence-dependent, the same in every sample).</summary>
    public double PcrBiasSd { get; init; } = 0.2;
}
