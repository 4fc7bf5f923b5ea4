using System.Diagnostics;
using ResLab.Biology;
using ResLab.Protocols;
using ResLab.Simulation;

namespace ResLab.Bench;

/// <summary>
/// `coarse PROTOCOL SIZE_SCALE DURATION_SCALE REPLICATES [MAX_CLONES]`: the same protocol with coarse-graining off and
/// on (default budget, or MAX_CLONES), replicate observables compared by Welch's t (docs/performance.md).
/// Environment: COARSE_ONLY_ON (skip the exhaustive run), COARSE_OFF_SEED (its seed, default 1), COARSE_MAX_SHARE
/// (default 1e-3), COARSE_TOP (print the largest final clones of three replicates).
/// </summary>
public static class CoarseGrainingCheck
{
    public static readonly string[] Names = ["log10 final cells", "NRF2-pathway mutant share", "mean log2 NRF2", "mean log2 apoptosis threshold", "mean log2 ABCB1", "days to last escalation", "final cisplatin (uM)"];

    public static double[] Observables(ReplicateResult r)
    {
        var f = r.Final;
        double share = f.Total == 0 ? 0 : f.Clones.Where(c => c.Phenotype.Genotype.Has(Mutations.Keap1) || c.Phenotype.Genotype.Has(Mutations.Nfe2l2) || c.Phenotype.Genotype.Has(Mutations.Cul3)).Sum(c => c.Total) / (double)f.Total;
        var last = r.Series[^1];
        var esc = r.Events.LastOrDefault(e => e.Kind == "escalation");
        return [Math.Log10(Math.Max(1, f.Total)), share, last.Means["mean_log2_nrf2"], last.Means["mean_log2_apoptosis_threshold"], last.Means["mean_log2_abcb1"],
            (esc?.TimeHours ?? 0) / 24, esc?.Value ?? 0];
    }

    public static void Run(string protocolFile, double size, double duration, int replicates, int? maxClones)
    {
        var p = ProtocolReader.Load(protocolFile);
        var modes = new (string Name, CoarseGraining Cg)[] { ("off", CoarseGraining.Off), ("on", (maxClones is { } m ? new CoarseGraining { MaxClones = m } : new CoarseGraining()) with { MaxShare = double.Parse(Environment.GetEnvironmentVariable("COARSE_MAX_SHARE") ?? "1e-3", System.Globalization.CultureInfo.InvariantCulture) }) };
        var obs = new List<double[][]>();
        foreach (var (name, cg) in modes)
        {
            if (name == "off" && Environment.GetEnvironmentVariable("COARSE_ONLY_ON") is not null) { obs.Add([]); continue; }
            var sw = Stopwatch.StartNew();
            var r = new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = name == "off" ? ulong.Parse(Environment.GetEnvironmentVariable("COARSE_OFF_SEED") ?? "1") : 2UL, Replicates = replicates, SizeScale = size, DurationScale = duration,
                Engine = new EngineSettings { CoarseGraining = cg } }).Run();
            Console.WriteLine($"{name}: {sw.Elapsed.TotalSeconds:F1} s for {replicates} replicates; max clones alive {r.Replicates.Max(x => x.Series.Max(s => s.ClonesAlive))}; " +
                              $"merged clones {r.Replicates.Sum(x => x.Lineage.Count(c => c.MergedInto is not null))}");
            obs.Add(r.Replicates.Select(Observables).ToArray());
            if (Environment.GetEnvironmentVariable("COARSE_TOP") is not null)
                foreach (var rep in r.Replicates.Take(3))
                    Console.WriteLine($"   rep {rep.Replicate}: " + string.Join(" | ", rep.Final.Clones.OrderByDescending(c => c.Total).Take(4).Select(c => $"{c.Phenotype} {c.Total / (double)rep.Final.Total:P0}")));
        }
        for (int k = 0; k < Names.Length; k++)
        {
            var a = obs[0].Select(x => x[k]).ToArray();
            var b = obs[1].Select(x => x[k]).ToArray();
            if (a.Length == 0) { var (m1, s1) = MeanSe(b); Console.WriteLine($"  {Names[k],-32} on {m1:G4} ± {s1:G2}"); continue; }
            var (ma, sa) = MeanSe(a);
            var (mb, sb) = MeanSe(b);
            double t = (mb - ma) / Math.Sqrt(sa * sa + sb * sb);
            Console.WriteLine($"  {Names[k],-32} off {ma:G4} ± {sa:G2}   on {mb:G4} ± {sb:G2}   Welch t {t:F2}");
        }
    }

    public static (double Mean, double Se) MeanSe(double[] x)
    {
        double m = x.Average();
        double v = x.Sum(y => (y - m) * (y - m)) / Math.Max(1, x.Length - 1);
        return (m, Math.Sqrt(v / x.Length));
    }
}
