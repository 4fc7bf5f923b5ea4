using ResLab.Protocols;
using ResLab.Units;

namespace ResLab.Sweeps;

/// <summary>How the points of a sweep are chosen from its parameters.</summary>
public enum DesignKind { Grid, LatinHypercube, Random }

/// <summary>A value a parameter takes at a point: the YAML text put into the protocol, and its number in canonical units when it has one.</summary>
public readonly record struct ParameterValue(string Text, double? Number);

/// <summary>A continuous range of a parameter (canonical units), spaced linearly or logarithmically.</summary>
public sealed record ParameterRange(double From, double To, int Points, bool Log, Dimension Dimension);

/// <summary>
/// One parameter to vary: a path into the base protocol file (e.g. <c>schedule[0].escalate.factor</c> or
/// <c>overrides.parameters.keap1_loss_rate</c>), the column it becomes, and either listed values or a range.
/// </summary>
public sealed record SweepParameter(string Name, string Path, string Unit, IReadOnlyList<ParameterValue>? Values, ParameterRange? Range, InputLocation Where)
{
    /// <summary>True when every value is a number (the store column is DOUBLE), false for text values (VARCHAR).</summary>
    public bool IsNumeric => Range is not null || Values!.All(v => v.Number is not null);
}

/// <summary>A point of the sweep: one value per parameter, in parameter order.</summary>
public sealed record SweepPoint(int Index, IReadOnlyList<ParameterValue> Values);

/// <summary>
/// A validated sweep file (docs/sweeps.md): the base protocol or experiment, fixed changes, the parameters and design, replicates
/// per point, the metrics kept per replicate and the seed. <see cref="Hash"/> identifies the sweep in its store.
/// </summary>
public sealed record SweepDefinition
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string? SourceFile { get; init; }
    /// <summary>The sweep file's text (kept in the store).</summary>
    public required string Text { get; init; }
    /// <summary>The base protocol file; in an experiment sweep, the experiment's protocol (or the experiment file when it has none).</summary>
    public required string ProtocolFile { get; init; }
    public required string ProtocolText { get; init; }
    public string? CatalogueFile { get; init; }
    /// <summary>Changes applied to the base protocol at every point (path → YAML text).</summary>
    public required IReadOnlyList<(string Path, string Text)> Set { get; init; }
    public required IReadOnlyList<SweepParameter> Parameters { get; init; }
    public required DesignKind Design { get; init; }
    public required IReadOnlyList<SweepPoint> Points { get; init; }
    public required int Replicates { get; init; }
    public required ulong Seed { get; init; }
    public required IReadOnlyList<MetricSpec> Metrics { get; init; }
    /// <summary>Keep each replicate's time series (table <c>series</c>).</summary>
    public bool Series { get; init; }
    /// <summary>The protocol of each point, in point order (validated when the sweep is read).</summary>
    public required IReadOnlyList<Protocol> Protocols { get; init; }
    /// <summary>The catalogue of each point: the sweep's (built-in or user file) with the point's drug values.</summary>
    public required IReadOnlyList<ResLab.Biology.Catalogue> Catalogues { get; init; }
    /// <summary>An experiment sweep's experiment file (null for a protocol sweep).</summary>
    public string? ExperimentFile { get; init; }
    /// <summary>The experiment of each point (its protocol with the point's values, the point's catalogue), in point order; null for a protocol sweep.</summary>
    public IReadOnlyList<ResLab.Experiments.Experiment>? Experiments { get; init; }
    /// <summary>Run the experiment's quick size (its <c>quick:</c> scales), as <c>reslab experiment --quick</c>.</summary>
    public bool Quick { get; init; }
    /// <summary>SHA-256 of the sweep text, the base protocol and any catalogue: a store holds exactly one sweep.</summary>
    public required string Hash { get; init; }

    public long TotalReplicates => (long)Points.Count * Replicates;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<double>> _parentalIc50 = new();

    /// <summary>
    /// The parental cisplatin IC50 (µM) of a point's line, after its overrides, with its catalogue, in the standard
    /// resistance assay: resolved once per point (thread-safe) and shared by its replicates' RI metrics.
    /// </summary>
    public double ParentalIc50(int point) =>
        _parentalIc50.GetOrAdd(point, p => new Lazy<double>(() => new ResLab.Assays.ResistanceReadout(Protocols[p].Line, Catalogues[p]).ParentalIc50)).Value;
}
