using ResLab.Biology;
using ResLab.Protocols;

namespace ResLab.Simulation;

/// <summary>Settings of a simulation run (how, not what).</summary>
public sealed record SimulationSettings
{
    public ulong Seed { get; init; } = 1;
    public int Replicates { get; init; } = 1;
    /// <summary>Worker threads for replicates (null: all cores). Results do not depend on it.</summary>
    public int? Threads { get; init; }
    public EngineSettings Engine { get; init; } = new();
    /// <summary>Scales the flask (capacity and seeding) and the protocol's duration, for quick test runs of real protocols.</summary>
    public double SizeScale { get; init; } = 1;
    public double DurationScale { get; init; } = 1;
}

/// <summary>The result of one replicate: series, events, lineage, final population and readout snapshots.</summary>
public sealed record ReplicateResult(int Replicate, Outcome Outcome, string StopReason, IReadOnlyList<TimePoint> Series, IReadOnlyList<CultureEvent> Events,
    IReadOnlyList<CloneRecord> Lineage, Population Final, IReadOnlyDictionary<string, Population> Snapshots);

/// <summary>The immutable result of a simulation: every replicate, in replicate order.</summary>
public sealed record SimulationResult(Protocol Protocol, SimulationSettings Settings, IReadOnlyList<ReplicateResult> Replicates);

/// <summary>
/// The problem (Problem → solve → Solution): a protocol (cell line, flask, schedule) and settings. <see cref="Run"/>
/// solves it, replicates in parallel with one counter-based random stream family each, so the result is
/// bit-identical for any thread count.
/// </summary>
public sealed class Simulation
{
    public Protocol Protocol { get; }
    public SimulationSettings Settings { get; }

    public Simulation(Protocol protocol, SimulationSettings? settings = null)
    {
        Settings = settings ?? new SimulationSettings();
        Protocol = Scale(protocol, Settings);
    }

    private static Protocol Scale(Protocol p, SimulationSettings s)
    {
        if (s.SizeScale == 1 && s.DurationScale == 1) return p;
        return p with
        {
            Flask = p.Flask with { Capacity = p.Flask.Capacity * s.SizeScale },
            Seeding = Math.Max(1, (long)Math.Round(p.Seeding * s.SizeScale)),
            Duration = p.Duration * s.DurationScale,
        };
    }

    public SimulationResult Run(IProgress<ProgressUpdate>? progress = null, CancellationToken cancel = default)
    {
        var results = new ReplicateResult[Settings.Replicates];
        int done = 0;
        var po = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = Settings.Threads ?? -1 };
        var start = Population.Seed(Protocol.Line, Protocol.Seeding);
        Parallel.For(0, results.Length, po, r =>
        {
            results[r] = RunReplicate(r, start, cancel, Settings.Replicates == 1 ? f => progress.Tell("simulating", f * 100, 100) : null);
            int d = Interlocked.Increment(ref done);
            if (Settings.Replicates > 1) progress.Tell("simulating", d, results.Length, "replicates");
        });
        progress.Tell("simulating", 100, 100);
        return new SimulationResult(Protocol, Settings, results);
    }

    public ReplicateResult RunReplicate(int replicate, Population? start = null, CancellationToken cancel = default, Action<double>? progress = null)
    {
        var engine = Settings.Engine with { RecordEvery = Protocol.RecordEvery ?? Settings.Engine.RecordEvery };
        var culture = new Culture(start ?? Population.Seed(Protocol.Line, Protocol.Seeding), Protocol.Flask, engine, Settings.Seed, (ulong)replicate, Protocol.Catalogue);
        var runner = new ProtocolRunner(Protocol, culture);
        runner.Run(cancel, progress);
        return new ReplicateResult(replicate, runner.Outcome, runner.StopReason, culture.Series, culture.Events, culture.FinishLineage(), culture.Snapshot(),
            runner.Snapshots);
    }
}
