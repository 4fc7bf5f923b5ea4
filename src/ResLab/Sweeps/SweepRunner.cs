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
