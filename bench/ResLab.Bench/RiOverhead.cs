using System.Diagnostics;
using ResLab.Assays;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using ResLab.Sweeps;

namespace ResLab.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/ResLab.Bench -- ri-overhead [REPEATS]`: the CPU cost of the resistance metrics
/// (docs/performance.md, "Resistance metrics"). Every replicate of each sweep of bench/sweeps/ri/ runs in this process
/// on one thread, REPEATS times (variants interleaved) after a warm-up pass; the process CPU time (robust to a shared machine's load, unlike wall
/// time) is reported per variant with its median and the overhead against the same sweep without resistance metrics.
/// `ri-check [SEEDS]`: the readout's IC50 against <see cref="Calibration.Ic50"/> (the engine in a well) for CAL27
/// parental and KEAP1-null cells over several seeds.
/// </summary>
public static class RiOverhead
{
    public static void Run(int repeats)
    {
        var dir = Path.Combine(FindRoot(), "bench", "sweeps", "ri");
        string[] variants = ["plain", "final", "day", "ri", "max"];
        foreach (var size in new[] { "small", "t75" })
        {
            string File(string v) => Path.Combine(dir, $"{size}-{v}.yaml");
            var items = SweepRunner.Items(SweepReader.Load(File("plain"))).ToList();
            foreach (var v in variants) // warm-up: one whole pass of each (tiered JIT)
            {
                var def = SweepReader.Load(File(v));
                foreach (var (point, replicate) in items) SweepRunner.RunOne(def, point, replicate);
            }
            var cpu = variants.ToDictionary(v => v, _ => new List<double>());
            var wall = variants.ToDictionary(v => v, _ => new List<double>());
            for (int r = 0; r < repeats; r++)
                foreach (var v in variants) // interleaved, so that drifts of the machine's load hit every variant alike
                {
                    var def = SweepReader.Load(File(v)); // fresh: the parental IC50s are resolved inside the timing
                    var p0 = Process.GetCurrentProcess().TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    foreach (var (point, replicate) in items) SweepRunner.RunOne(def, point, replicate);
                    wall[v].Add(sw.Elapsed.TotalSeconds);
                    cpu[v].Add((Process.GetCurrentProcess().TotalProcessorTime - p0).TotalSeconds);
                }
            double plain = Median(cpu["plain"]);
            foreach (var v in variants)
            {
                double m = Median(cpu[v]);
                Console.WriteLine($"{size} {v}: {items.Count} replicates; cpu {string.Join(" ", cpu[v].Select(x => x.ToString("F2")))} s, median {m:F2} s" +
                                  $" ({(v == "plain" ? "baseline" : $"{100 * (m / plain - 1):+0;-0} %")}); wall median {Median(wall[v]):F2} s");
            }
        }
    }

    public static void Check(int seeds)
    {
        var line = Catalogue.Default.CellLine("CAL27");
        var readout = new ResistanceReadout(line);
        foreach (var (name, pop) in new[]
                 {
                     ("parental", Population.Seed(line, 100_000)),
                     ("KEAP1-null", Population.FromPhenotypes(line, [(Phenotype.Founder(line.Genotype.With(Mutations.Keap1)), 100_000)])),
                 })
        {
            var ic = Enumerable.Range(1, seeds).Select(s => Calibration.Ic50(pop, (ulong)s)).ToList();
            double mean = ic.Average(), sd = Math.Sqrt(ic.Sum(x => (x - mean) * (x - mean)) / (ic.Count - 1));
            Console.WriteLine($"{name}: readout IC50 {readout.Ic50(pop):G5} uM (RI {readout.Ri(pop):G4}); through Calibration.Ic50's dose grid and log-linear interpolation " +
                              $"{GridIc50(c => readout.Viability(pop, c)):G5} uM; engine-in-a-well (bench Calibration.Ic50, {seeds} seeds) {mean:G5} ± {sd / Math.Sqrt(seeds):G2} (SE) uM, SD {sd:G2}");
        }
    }

    /// <summary>Calibration.Ic50's estimator on a given viability curve: its dose grid, linear interpolation in log dose.</summary>
    private static double GridIc50(Func<double, double> viability)
    {
        double[] doses = [0.1, 0.3, 1, 2, 4, 8, 16, 32, 64, 128];
        double prevD = 0, prevF = 1;
        foreach (var d in doses)
        {
            double f = viability(d);
            if (f <= 0.5) return prevD == 0 ? d : Math.Exp(Math.Log(prevD) + (Math.Log(d) - Math.Log(prevD)) * (prevF - 0.5) / (prevF - f));
            prevD = d; prevF = f;
        }
        return double.PositiveInfinity;
    }

    private static double Median(List<double> x)
    {
        var s = x.OrderBy(v => v).ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : 0.5 * (s[s.Count / 2 - 1] + s[s.Count / 2]);
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ResLab.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
