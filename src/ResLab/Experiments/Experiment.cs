using ResLab.Assays;
using ResLab.Biology;
using ResLab.Protocols;
using ResLab.Simulation;

namespace ResLab.Experiments;

/// <summary>
/// An experiment (docs/experiments.md): an optional protocol that derives a line, populations built directly
/// (e.g. a KEAP1-null derivative), and assays to run on chosen samples: protocol readouts, built populations and
/// the parental line. The <see cref="Reference"/> sample is the denominator of resistance indices and DMFs.
/// </summary>
public sealed record Experiment
{
    public required string Name { get; init; }
    public string Description { get; init; } = "";
    public string? File { get; init; }
    public Protocol? Protocol { get; init; }
    public string? ProtocolPath { get; init; }
    public required CellLine Line { get; init; }
    public IReadOnlyDictionary<string, Population> Populations { get; init; } = new Dictionary<string, Population>();
    /// <summary>Populations derived by another protocol (name → protocol and the readout to take), e.g. a radio-resistant line for a cross-resistance table.</summary>
    public IReadOnlyDictionary<string, (Protocol Protocol, string Readout)> Derived { get; init; } = new Dictionary<string, (Protocol, string)>();
    public required IReadOnlyList<AssayStep> Assays { get; init; }
    public string Reference { get; init; } = "parental";
    public ulong Seed { get; init; } = 1;
    public double QuickScale { get; init; } = 0.01;
    /// <summary>Drug-free culture (h) of every derived sample (protocol readouts, derived populations) before its assays: a
    /// lab grows a derived line out of the drug before assaying it, so that acute damage and drug-tolerant persisters wash out.</summary>
    public double WashoutHours { get; init; }
    public double QuickTimeScale { get; init; } = 1;
    /// <summary>Readout times that the quick run uses instead of the protocol's (checkpoint name → hours).</summary>
    public double? QuickDurationHours { get; init; }
}

/// <summary>One assay of an experiment: its kind, the samples it runs on (in order) and its settings.</summary>
public sealed record AssayStep
{
    public required string Id { get; init; }
    public required AssayKind Kind { get; init; }
    public required IReadOnlyList<string> On { get; init; }
    public string Drug { get; init; } = "cisplatin";
    public IReadOnlyList<double>? Concentrations { get; init; }
    public double ExposureHours { get; init; } = 72;
    public IReadOnlyList<AssayDrug> With { get; init; } = [];
    public IReadOnlyList<double>? DosesGy { get; init; }
    public IReadOnlyList<AssayDrug> Treatment { get; init; } = [];
    public double TreatmentHours { get; init; } = 24;
    public double Weeks { get; init; } = 4;
    public int Line { get; init; }
}
