namespace ResLab.Simulation;

/// <summary>How the engine steps (not what is simulated: that is the population, the flask and the protocol).</summary>
public sealed record EngineSettings
{
    /// <summary>Longest time step (h). Births and deaths are exact for any step (birth–death kernel); the step bounds the
    /// piecewise-constant approximation of hazards and the ODE's step.</summary>
    public double MaxStep { get; init; } = 1.0;
    /// <summary>Longest adaptive step (h) in drug-free medium (docs/model.md, "Adaptive steps"): while every clone's
    /// hazards change slowly the culture leaps up to this long (Cao, Gillespie &amp; Petzold 2006's leap condition);
    /// under a drug, and after any action, steps are <see cref="MaxStep"/>. Equal to <see cref="MaxStep"/>: fixed steps.</summary>
    public double MaxLeap { get; init; } = 8.0;
    /// <summary>Leap condition: the largest change of any clone's per-cell hazards allowed over one step, as a fraction
    /// of its division rate (estimated from the change over the previous step).</summary>
    public double LeapTolerance { get; init; } = 0.02;
    /// <summary>Clones with at most this many cells are simulated event by event (exact SSA).</summary>
    public long ExactThreshold { get; init; } = 256;
    /// <summary>Heritable change (mutation, copy gains, drift) on; off keeps only the neutral marker (validation).</summary>
    public bool Evolution { get; init; } = true;
    /// <summary>Time between rows of the time series (h).</summary>
    public double RecordEvery { get; init; } = 24;
    /// <summary>Clones whose peak stays below this many cells are left out of clone tables (ancestors of kept clones stay).</summary>
    public long LineageMinPeak { get; init; } = 100;
    /// <summary>Radiation and state switching on (off: pure birth–death with mutation, for validation).</summary>
    public bool StateSwitching { get; init; } = true;
    /// <summary>Clone coarse-graining: bounds the working set independently of the cell number (on by default).</summary>
    public CoarseGraining CoarseGraining { get; init; } = new();
}
