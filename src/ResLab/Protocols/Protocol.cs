using ResLab.Biology;
using ResLab.Simulation;

namespace ResLab.Protocols;

/// <summary>
/// A validated, typed protocol: what a lab does to a flask, day by day. Built by <see cref="ProtocolReader"/> from a
/// YAML file, or in code (the virtual assays build exposures this way). All times are hours from the start.
/// </summary>
public sealed record Protocol
{
    public string Name { get; init; } = "protocol";
    public string Description { get; init; } = "";
    public required CellLine Line { get; init; }
    /// <summary>The protocol file changed its line's parameters, traits or genotype (`overrides:`).</summary>
    public bool OverridesLine { get; init; }
    /// <summary>The catalogue the protocol was read against: its drugs (potencies, half-lives) are the ones the engine doses.</summary>
    public Catalogue Catalogue { get; init; } = Catalogue.Default;
    public required Flask Flask { get; init; }
    /// <summary>Cells seeded at the start.</summary>
    public required long Seeding { get; init; }
    /// <summary>Hard end of the protocol (h).</summary>
    public required double Duration { get; init; }
    /// <summary>How often rules ("when confluence ≥ 80 %") are checked (h): the lab looks at the flask.</summary>
    public double InspectEvery { get; init; } = 24;
    public double? RecordEvery { get; init; }
    public double OxygenMmHg { get; init; } = double.NaN;
    public required IReadOnlyList<Phase> Phases { get; init; }
    public IReadOnlyList<Readout> Readouts { get; init; } = [];
    /// <summary>SHA-256 of the protocol text (and of any user catalogue), recorded in outputs.</summary>
    public string InputHash { get; init; } = "";
    public string? SourceFile { get; init; }
}

/// <summary>A phase: rules that apply until it has lasted <see cref="Length"/> or <see cref="Until"/> holds at an inspection.</summary>
public sealed record Phase(string Name, IReadOnlyList<Rule> Rules, double? Length = null, Condition? Until = null);

/// <summary>When to act, and what to do.</summary>
public sealed record Rule(Trigger Trigger, IReadOnlyList<ProtocolAction> Actions, InputLocation? Where = null);

/// <summary>A named population snapshot to save: at a time, at the end of a phase, or at the end.</summary>
public sealed record Readout(string Name, double? At = null, string? PhaseEnd = null, bool AtEnd = false);

// ---------------------------------------------------------------- triggers

public abstract record Trigger;
/// <summary>Once, at a time from the phase start.</summary>
public sealed record AtTrigger(double Time) : Trigger;
/// <summary>Periodically from the phase start + offset; at most <see cref="Times"/> times.</summary>
public sealed record EveryTrigger(double Period, double Offset = 0, int? Times = null) : Trigger;
/// <summary>On given days (day 1 = the phase's first day) at a time of day.</summary>
public sealed record DaysTrigger(IReadOnlyList<int> Days, double TimeOfDay) : Trigger;
/// <summary>On given weekdays (day 1 of the protocol is a Monday) at a time of day.</summary>
public sealed record WeekdaysTrigger(IReadOnlySet<DayOfWeek> Weekdays, double TimeOfDay) : Trigger;
/// <summary>At an inspection where the condition holds, after it has not held since the last firing (edge-triggered).</summary>
public sealed record WhenTrigger(Condition Condition, double MinInterval = 0) : Trigger;

// ---------------------------------------------------------------- actions

public abstract record ProtocolAction;
public sealed record SetDrugAction(string Drug, double Micromolar) : ProtocolAction;
public sealed record RemoveDrugAction(string Drug) : ProtocolAction;
public sealed record PulseAction(string Drug, double Micromolar, double Hours) : ProtocolAction;
public sealed record EscalateAction(Escalation Escalation) : ProtocolAction;
public sealed record IrradiateAction(double Gray, double OverHours = 0, double? TotalGray = null) : ProtocolAction;
public sealed record ChangeMediumAction : ProtocolAction;
public sealed record PassageAction(double? SplitRatio = null, long? SeedCells = null) : ProtocolAction;
public sealed record StopAction(string Reason) : ProtocolAction;
public sealed record ReadoutAction(string Name) : ProtocolAction;

/// <summary>How an escalation moves to its next level.</summary>
public abstract record AdvanceRule;
public sealed record AfterPassages(int Passages) : AdvanceRule;
public sealed record WhenConfluence(double Confluence, double MinHours = 0) : AdvanceRule;
public sealed record AfterTime(double Hours) : AdvanceRule;

/// <summary>
/// A stepwise escalation: levels (µM) from start by factor (or step) up to a maximum; each level is held until the
/// advance rule is met; with <see cref="ExposureHours"/> each level is given as a pulse after every passage (then
/// drug-free recovery), otherwise continuously. Complete once the advance rule is met at the maximum.
/// </summary>
public sealed record Escalation(string Drug, IReadOnlyList<double> Levels, AdvanceRule Advance, double? ExposureHours = null);

// ---------------------------------------------------------------- conditions

public enum Observable { Confluence, Cells, Passages, PassagesAtLevel, Dose, Fractions, Time, PhaseTime, EscalationComplete, Extinct }
public enum Comparison { Ge, Gt, Le, Lt }

public sealed record Clause(Observable What, Comparison Op, double Value);

/// <summary>Clauses joined by "and".</summary>
public sealed record Condition(IReadOnlyList<Clause> Clauses, string Text)
{
    public override string ToString() => Text;
}
