using System.Diagnostics;
using ResLab.Assays;
using ResLab.Protocols;
using ResLab.Simulation;

namespace ResLab.Bench;

/// <summary>
/// `leaps PROTOCOL SIZE_SCALE REPLICATES`: the same protocol with fixed 1-h steps (MaxLeap = 1, seed 1) and with the
/// default adaptive leaps (seed 2); replicate observables — those of <see cref="CoarseGrainingCheck"/> plus the final
/// resistance index of the standard 72 h assay — compared by Welch's t (docs/performance.md, docs/model.md).
/// </summary>
public static class LeapCheck
{
    public static void Run(string protocolFile, double size, int replicates)
    {
        var p = ProtocolReader.Load(protocolFile);
        var readout = new ResistanceReadout(p.Line, p.Catalogue);
        string[] names = [.. CoarseGrainingCheck.Names, "final RI (72 h assay)"];
        var obs = new List<double[][]>();
        foreach (var (name, leap, seed) in new[] { ("fixed 1 h", 1.0, 1UL), ("adaptive", new EngineSettings().MaxLeap, 2UL) })
        {
            var sw = Stopwatch.StartNew();
            var r = new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = seed, Replicates = replicates, SizeScale = size, Engine = new EngineSettings { MaxLeap = leap } }).Run();
            Console.WriteLine($"{name}: {sw.Elapsed.TotalSeconds:F1} s for {replicates} replicates");
            obs.Add(r.Replicates.Select(x => (double[])[.. CoarseGrainingCheck.Observables(x), readout.Ri(x.Final)]).ToArray());
        }
        for (int k = 0; k < names.Length; k++)
        {
            var (ma, sa) = CoarseGrainingCheck.MeanSe(obs[0].Select(x => x[k]).ToArray());
            var (mb, sb) = CoarseGrainingCheck.MeanSe(obs[1].Select(x => x[k]).ToArray());
            double t = (mb - ma) / Math.Sqrt(sa * sa + sb * sb);
            Console.WriteLine($"  {names[k],-32} fixed {ma:G6} ± {sa:G2}   adaptive {mb:G6} ± {sb:G2}   Welch t {(double.IsFinite(t) ? t : 0):F2}");
        }
    }
}
