using ResLab.Biology;
using ResLab.Model;
using ResLab.Protocols;
using ResLab.Simulation;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Simulation;

/// <summary>
/// Clone coarse-graining (docs/model.md, "Coarse-graining"): merging conserves cells per state and class, never
/// crosses discrete genotypes, is deterministic for any thread count, bounds the working set, and does not change
/// the observables of an escalation beyond sampling error.
/// </summary>
public class CoarseGrainingTests
{
    private static SourcedValue V(double v) => new(v, "test", v.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The generic line with fast epigenetic drift (many distinct clones quickly), no death and no discrete mutations.</summary>
    private static CellLine DriftLine()
    {
        var p = new Dictionary<string, SourcedValue> { ["basal_death"] = V(0), ["ferroptosis_max_hazard"] = V(0), ["drift_rate"] = V(1e-2) };
        foreach (var k in new[] { "keap1_loss_rate", "nfe2l2_gain_rate", "cul3_loss_rate", "tp53_loss_rate" }) p[k] = V(0);
        return Catalogue.Default.CellLine("HNSCC-generic").WithOverrides(p);
    }

    private static Dictionary<(long Class, int State), long> CountsByClassAndState(Population p)
    {
        var d = new Dictionary<(long, int), long>();
        foreach (var c in p.Clones)
            for (int s = 0; s < CellStates.Count; s++)
            {
                var key = (CoarseGraining.ClassOf(c.Phenotype), s);
                d[key] = d.GetValueOrDefault(key) + c.Count((CellState)s);
            }
        return d;
    }

    [Fact]
    public void Merging_conserves_cells_per_state_and_class_and_never_crosses_genotypes()
    {
        var line = DriftLine();
        var start = Population.FromPhenotypes(line, [(Phenotype.Founder(line.Genotype), 5000), (Phenotype.Founder(line.Genotype.With(Mutations.Keap1)), 5000)]);
        var cg = new CoarseGraining { MaxClones = 12, Every = 50, MaxShare = 0.01 };
        var c = new Culture(start, Flask.Unbounded, new EngineSettings { StateSwitching = false, CoarseGraining = cg }, seed: 5);
        c.AdvanceTo(49);
        Assert.True(c.CoarseGrainedCells + c.FoldedMutantsExpected > 0, "the budget was reached and minor mutants stayed in or joined living clones");
        Assert.Equal(0, c.MergedClones);
        // stop every birth and death (contact inhibition at capacity, no death): the next step only merges
        c.Flask = new Flask(c.TotalCells / 2.0);
        var before = c.Snapshot();
        int clonesBefore = c.ClonesAlive;
        c.AdvanceTo(50);
        var after = c.Snapshot();
        Assert.True(c.MergedClones > 0, "the pass at 50 h merged minor clones");
        Assert.Equal(clonesBefore - c.MergedClones, c.ClonesAlive);
        Assert.InRange(c.ClonesAlive, 1, (int)(cg.MaxClones * cg.Retain) + 2);
        Assert.Equal(CountsByClassAndState(before), CountsByClassAndState(after));
        // every merged clone names a living clone of its own class that is at least as large, and left no cells
        var lineage = c.FinishLineage();
        var alive = after.Clones.ToDictionary(x => x.Id);
        var merged = lineage.Where(r => r.MergedHours == 50).ToList();
        Assert.Equal(c.MergedClones, merged.Count);
        foreach (var r in merged)
        {
            Assert.Equal(0, r.FinalCount);
            Assert.Null(r.ExtinctHours);
            var into = lineage.Single(x => x.Id == r.MergedInto);
            Assert.Equal(CoarseGraining.ClassOf(r.Phenotype), CoarseGraining.ClassOf(into.Phenotype));
            Assert.True(alive.ContainsKey(into.Id) || into.MergedHours == 50, "merges flow into living clones (or into one merged later in the same pass)");
        }
        // the seeded clones are never merged
        Assert.All(start.Clones, s => Assert.Contains(after.Clones, a => a.Id == s.Id));
    }

    [Fact]
    public void Below_the_budget_nothing_changes()
    {
        var line = Catalogue.Default.CellLine("CAL27");
        Population Run(CoarseGraining cg)
        {
            var c = new Culture(Population.Seed(line, 100_000), Flask.T75, new EngineSettings { CoarseGraining = cg }, seed: 3);
            c.SetDrug("cisplatin", 2);
            c.AdvanceTo(24 * 20);
            Assert.Equal(0, c.CoarseGrainedCells);
            return c.Snapshot();
        }
        var on = Run(new CoarseGraining());
        var off = Run(CoarseGraining.Off);
        Assert.Equal(off.Clones.Select(x => (x.Id, x.Cycling, x.Quiescent, x.Persister, x.Doomed)), on.Clones.Select(x => (x.Id, x.Cycling, x.Quiescent, x.Persister, x.Doomed)));
    }

    private static readonly Protocol Escalation = ProtocolReader.Load(Path.Combine(CliRunner.RepoRoot, "examples/protocols/cisplatin-escalation-1-to-25uM.yaml"));

    [Fact]
    public void Coarse_grained_output_is_bit_identical_with_one_and_two_threads_and_the_working_set_stays_bounded()
    {
        var cg = new CoarseGraining { MaxClones = 16 };
        SimulationResult Run(int threads) => new ResLab.Simulation.Simulation(Escalation, new SimulationSettings
        {
            Seed = 11, Replicates = 3, Threads = threads, SizeScale = 10, DurationScale = 0.25, Engine = new EngineSettings { CoarseGraining = cg },
        }).Run();
        var a = Run(1);
        var b = Run(2);
        for (int r = 0; r < a.Replicates.Count; r++)
        {
            var x = a.Replicates[r];
            var y = b.Replicates[r];
            Assert.Equal(x.Series.Select(p => (p.TimeHours, p.Cycling, p.Quiescent, p.Persister, p.Doomed, p.ClonesAlive, p.Means["mean_gsh_mM"])),
                y.Series.Select(p => (p.TimeHours, p.Cycling, p.Quiescent, p.Persister, p.Doomed, p.ClonesAlive, p.Means["mean_gsh_mM"])));
            Assert.Equal(x.Lineage.Select(c => (c.Id, c.ParentId, c.MergedInto, c.MergedHours, c.FinalCount)), y.Lineage.Select(c => (c.Id, c.ParentId, c.MergedInto, c.MergedHours, c.FinalCount)));
            Assert.Contains(x.Lineage, c => c.MergedInto is not null);
            // the budget is soft only for new discrete genotypes and for mutant batches that are not minor
            int classes = x.Lineage.Select(c => CoarseGraining.ClassOf(c.Phenotype)).Distinct().Count();
            Assert.InRange(x.Series.Max(p => p.ClonesAlive), 1, cg.MaxClones + classes);
        }
    }

    /// <summary>Welch's t of two samples.</summary>
    private static double WelchT(double[] a, double[] b)
    {
        static (double M, double V) Mv(double[] x) { double m = x.Average(); return (m, x.Sum(y => (y - m) * (y - m)) / (x.Length - 1) / x.Length); }
        var (ma, va) = Mv(a);
        var (mb, vb) = Mv(b);
        if (va + vb == 0) return ma == mb ? 0 : double.PositiveInfinity;
        return (mb - ma) / Math.Sqrt(va + vb);
    }

    [Fact]
    public void Coarse_graining_does_not_change_the_escalation_observables_beyond_sampling_error()
    {
        // The 12-month escalation in a 10^8-cell flask: without coarse-graining it holds up to ~200 clones, with the
        // default budget it merges ~1000 minor clones per replicate. Independent seeds for the two modes.
        const int n = 10;
        ReplicateResult[] Run(CoarseGraining cg, ulong seed) => new ResLab.Simulation.Simulation(Escalation, new SimulationSettings
        {
            Seed = seed, Replicates = n, SizeScale = 10, Engine = new EngineSettings { CoarseGraining = cg },
        }).Run().Replicates.ToArray();
        var off = Run(CoarseGraining.Off, 21);
        var on = Run(new CoarseGraining(), 22);
        Assert.All(on, r => Assert.Contains(r.Lineage, c => c.MergedInto is not null));
        Assert.True(on.Sum(r => r.Lineage.Count(c => c.MergedInto is not null)) > 100 * n, "coarse-graining was at work");
        Assert.True(off.Max(r => r.Series.Max(p => p.ClonesAlive)) > new CoarseGraining().MaxClones, "the exhaustive run exceeds the budget");
        Assert.All(on, r => Assert.True(r.Series.Max(p => p.ClonesAlive) <= new CoarseGraining().MaxClones + 8));

        static double Pathway(ReplicateResult r) => r.Final.Total == 0 ? 0 : r.Final.Clones
            .Where(c => c.Phenotype.Genotype.Has(Mutations.Keap1) || c.Phenotype.Genotype.Has(Mutations.Nfe2l2) || c.Phenotype.Genotype.Has(Mutations.Cul3)).Sum(c => c.Total) / (double)r.Final.Total;
        var observables = new (string Name, Func<ReplicateResult, double> F)[]
        {
            ("log10 final cells", r => Math.Log10(Math.Max(1, r.Final.Total))),
            ("mean log2 apoptosis threshold (raised by ANO1 gains and drift under selection)", r => r.Series[^1].Means["mean_log2_apoptosis_threshold"]),
            ("mean log2 NRF2", r => r.Series[^1].Means["mean_log2_nrf2"]),
            ("NRF2-pathway mutant share", Pathway),
            ("days to the last escalation step", r => (r.Events.LastOrDefault(e => e.Kind == "escalation")?.TimeHours ?? 0) / 24),
        };
        foreach (var (name, f) in observables)
        {
            double t = WelchT(off.Select(f).ToArray(), on.Select(f).ToArray());
            // |t| < 3.5: two-sided p > ~0.002 per observable (family-wise ~1 % for five)
            Assert.True(Math.Abs(t) < 3.5, $"{name}: off {off.Average(f):G4}, on {on.Average(f):G4}, Welch t = {t:F2}");
        }
        // the apoptotic-threshold observable is not trivially flat: selection moved it in both modes (so the comparison has something to detect)
        foreach (var set in new[] { off, on })
        {
            var x = set.Select(observables[1].F).ToArray();
            double m = x.Average(), se = Math.Sqrt(x.Sum(y => (y - m) * (y - m)) / (x.Length - 1) / x.Length);
            Assert.True(m > 5 * se, $"mean log2 apoptosis threshold {m:G3} ± {se:G2}");
        }
    }
}
