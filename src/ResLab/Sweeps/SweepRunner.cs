using System.Collections.Concurrent;
using ResLab.Assays;
using ResLab.Protocols;
using ResLab.Simulation;

namespace ResLab.Sweeps;

/// <summary>The kept result of one (point, replicate): its seed, outcome, metrics and optionally its time series.</summary>
public sealed record ReplicateRow(int Point, int Replicate, long Seed, string Outcome, double[] Metrics, IReadOnlyList<TimePoint>? Series);

/// <summary>
/// Runs (point, replicate) pairs of a sweep. Each pair is simulated from its own counter-based streams
/// (point seed, replicate), so its row is bit-identical whether it runs alone, in a batch, on any thread count or node.
/// </summary>
public static class SweepRunner
{
    /// <summary>Work item k = point × replicates + replicate; shard i of N takes the items with k mod N = i (round robin balances slow points).</summary>
    public static IEnumerable<(int Point, int Replicate)> Items(SweepDefinition def, int shard = 0, int shards = 1)
    {
        for (long k = shard; k < def.TotalReplicates; k += shards)
            yield return ((int)(k / def.Replicates), (int)(k % def.Replicates));
    }

    public static ReplicateRow RunOne(SweepDefinition def, int point, int replicate, CancellationToken cancel = default)
    {
        if (def.Experiments is not null) return RunExperiment(def, point, replicate, cancel);
        var protocol = def.Protocols[point];
        long seed = SweepReader.PointSeed(def.Seed, point);
        var settings = new SimulationSettings { Seed = (ulong)seed, Replicates = 1, Threads = 1 };
        var sim = new ResLab.Simulation.Simulation(protocol, settings);
        // Same construction as Simulation.RunReplicate, with an observer between the runner's steps and the point's catalogue (drugs).
        var engine = settings.Engine with { RecordEvery = protocol.RecordEvery ?? settings.Engine.RecordEvery };
        var culture = new Culture(Population.Seed(protocol.Line, protocol.Seeding), protocol.Flask, engine, settings.Seed, (ulong)replicate, def.Catalogues[point]);
        var readout = def.Metrics.Any(m => m.NeedsResistance) ? new ResistanceReadout(culture.Model, def.Catalogues[point], parentalIc50: def.ParentalIc50(point)) : null;
        var observer = def.Metrics.Any(m => m.NeedsObservation) ? new MetricObserver(def.Metrics, readout, engine.RecordEvery) : null;
        var runner = new ProtocolRunner(sim.Protocol, culture);
        observer?.Observe(culture);
        runner.Run(cancel, observer is null ? null : _ => observer.Observe(culture));
        var result = new ReplicateResult(replicate, runner.Outcome, runner.StopReason, culture.Series, culture.Events, culture.FinishLineage(), culture.Snapshot(), runner.Snapshots);
        return new ReplicateRow(point, replicate, seed, runner.Outcome.ToString().ToLowerInvariant(), Metrics.Compute(def.Metrics, result, observer, readout), def.Series ? culture.Series : null);
    }

    /// <summary>
    /// One (point, replicate) of an experiment sweep: the point's experiment with the replicate's seed
    /// (<see cref="SweepReader.ExperimentSeed"/>): its protocol as <c>reslab experiment</c> runs it (replicate 0 of that
    /// seed, quick scales when asked), observed for the protocol metrics, then its assays and analyses without a report.
    /// The assays' raw tables pass through a scratch directory removed at once; only the metrics are kept.
    /// </summary>
    private static ReplicateRow RunExperiment(SweepDefinition def, int point, int replicate, CancellationToken cancel)
    {
        long seed = SweepReader.ExperimentSeed(def.Seed, point, replicate);
        var ex = def.Experiments![point] with { Seed = (ulong)seed };
        ReplicateResult? result = null;
        double[] values = new double[def.Metrics.Count];
        string outcome = "completed";
        if (ex.Protocol is not null)
        {
            var settings = ResLab.Reporting.ExperimentJob.ProtocolSettings(ex, def.Quick, 1);
            var sim = new ResLab.Simulation.Simulation(ResLab.Reporting.ExperimentJob.QuickProtocol(ex, def.Quick), settings);
            var protocol = sim.Protocol;
            // Simulation.RunReplicate(0), with the observer between the runner's steps
            var engine = settings.Engine with { RecordEvery = protocol.RecordEvery ?? settings.Engine.RecordEvery };
            var culture = new Culture(Population.Seed(protocol.Line, protocol.Seeding), protocol.Flask, engine, settings.Seed, 0, protocol.Catalogue);
            var readout = def.Metrics.Any(m => m.NeedsResistance) ? new ResistanceReadout(culture.Model, def.Catalogues[point], parentalIc50: def.ParentalIc50(point)) : null;
            var observer = def.Metrics.Any(m => m.NeedsObservation) ? new MetricObserver(def.Metrics, readout, engine.RecordEvery) : null;
            var runner = new ProtocolRunner(protocol, culture);
            observer?.Observe(culture);
            runner.Run(cancel, _ => observer?.Observe(culture));
            result = new ReplicateResult(0, runner.Outcome, runner.StopReason, culture.Series, culture.Events, culture.FinishLineage(), culture.Snapshot(), runner.Snapshots);
            values = Metrics.Compute(def.Metrics, result, observer, readout);
            outcome = runner.Outcome.ToString().ToLowerInvariant();
        }
        IReadOnlyList<ResLab.Reporting.ExperimentJob.ResultRow> rows = [];
        if (def.Metrics.Any(m => m.IsResult))
        {
            var scratch = Directory.CreateTempSubdirectory("reslab-sweep-");
            try { rows = ResLab.Reporting.ExperimentJob.Analyse(ex, def.Catalogues[point], def.Quick, scratch.FullName, result, null, null, null, cancel).Rows; }
            finally { scratch.Delete(recursive: true); }
        }
        for (int i = 0; i < def.Metrics.Count; i++)
        {
            var m = def.Metrics[i];
            if (!m.IsResult) continue;
            var (a, s, k) = m.Row!.Value;
            var row = rows.FirstOrDefault(r => r.Assay == a && r.Sample == s && r.Metric == k);
            values[i] = row is null ? double.NaN : m.Kind switch { MetricKind.ResultLower => row.Lower, MetricKind.ResultUpper => row.Upper, _ => row.Estimate };
            if (!double.IsFinite(values[i])) values[i] = double.NaN;
        }
        return new ReplicateRow(point, replicate, seed, outcome, values, def.Series ? result?.Series : null);
    }

    /// <summary>
    /// Runs the items on <paramref name="threads"/> workers and hands each finished row to <paramref name="sink"/> on the
    /// calling thread (the store writer), in completion order. Cancelling stops new items; rows finished are still handed over.
    /// </summary>
    public static void Run(SweepDefinition def, IReadOnlyList<(int Point, int Replicate)> items, int? threads, Action<ReplicateRow> sink, Action? idle = null,
        CancellationToken cancel = default)
    {
        if (items.Count == 0) return;
        using var queue = new BlockingCollection<ReplicateRow>(boundedCapacity: 4096);
        Exception? failure = null;
        var worker = Task.Run(() =>
        {
            try
            {
                var po = new ParallelOptions { MaxDegreeOfParallelism = threads ?? Environment.ProcessorCount, CancellationToken = cancel };
                Parallel.ForEach(Partitioner.Create(0, items.Count, 1), po, range =>
                {
                    for (int i = range.Item1; i < range.Item2; i++) queue.Add(RunOne(def, items[i].Point, items[i].Replicate, cancel));
                });
            }
            catch (OperationCanceledException) { }
            catch (Exception e) { failure = e is AggregateException a && a.InnerExceptions.Count == 1 ? a.InnerExceptions[0] : e; }
            finally { queue.CompleteAdding(); }
        });
        while (!queue.IsCompleted)
        {
            if (queue.TryTake(out var row, 200)) sink(row);
            else idle?.Invoke();
        }
        worker.Wait();
        if (failure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
        cancel.ThrowIfCancellationRequested();
    }
}
