using System.Diagnostics;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Protocols;
using ResLab.Simulation;

namespace ResLab.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/ResLab.Bench -- calibrate|phenotypes|timing PROTOCOL …`: a quick in-code IC50
/// of a derived line against its parent (72 h continuous cisplatin, viable cells relative to vehicle) — per replicate
/// of a protocol (`calibrate PROTOCOL [REPLICATES] [SCALE] [SEED] [WASHOUT_DAYS]`) or per single-change derivative of
/// the protocol's line (`phenotypes PROTOCOL`) — and wall times of the 12-month escalation at 1e7 and 1e12 cells.
/// </summary>
public static class Calibration
{
    public static double Ic50(Population pop, ulong seed)
    {
        double[] doses = [0.1, 0.3, 1, 2, 4, 8, 16, 32, 64, 128];
        double Viable(double c)
        {
            var well = pop.Sample(Math.Min(3000, pop.Total), seed);
            var culture = new Culture(well, Flask.Well96, new EngineSettings { Evolution = false }, seed: seed);
            culture.AdvanceTo(culture.Time + 24);
            if (c > 0) culture.SetDrug("cisplatin", c);
            culture.Advance(72);
            return culture.TotalCells - culture.Count(CellState.Doomed);
        }
        double control = Viable(0);
        double prevD = 0, prevF = 1;
        foreach (var d in doses)
        {
            double f = Viable(d) / control;
            if (f <= 0.5)
                return prevD == 0 ? d : Math.Exp(Math.Log(prevD) + (Math.Log(d) - Math.Log(prevD)) * (prevF - 0.5) / (prevF - f));
            prevD = d; prevF = f;
        }
        return double.PositiveInfinity;
    }

    /// <summary>
    /// Runs <paramref name="replicates"/> replicates of a protocol (flask × <paramref name="scale"/>) and prints, per replicate,
    /// the IC50 and RI of every readout and of the final population, the NRF2-pathway (KEAP1/NFE2L2/CUL3) mutant share, mean
    /// GSH and doubling time, then the spread of the final RI over the replicates.
    /// </summary>
    public static void Calibrate(string protocolFile, int replicates, double scale = 1, ulong seed = 7, double washoutDays = 0)
    {
        var p = ProtocolReader.Load(protocolFile);
        var parent = Population.Seed(p.Line, 100_000);
        double ic0 = Ic50(parent, 1);
        var parentModel = new LineModel(p.Line);
        double gsh0 = parentModel.GshReference / 1000;
        Console.WriteLine($"{p.Line.Name} parental IC50 (72 h): {ic0:G3} uM; GSH {gsh0:G3} mM; doubling {CloneKinetics.For(parentModel, Phenotype.Founder(p.Line.Genotype)).DoublingTime():G3} h; flask x {scale:G3}, seed {seed}");
        var r = new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = seed, Replicates = replicates, SizeScale = scale }).Run();
        var finals = new List<double>();
        var shares = new List<double>();
        Population Washed(Population pop) => washoutDays > 0 && pop.Total > 0
            ? ResLab.Assays.StabilityAssay.CultureDrugFree(pop, new ResLab.Assays.StabilityOptions { Weeks = washoutDays / 7, Seed = seed })
            : pop;
        foreach (var rep0 in r.Replicates)
        {
            var rep = rep0 with { Final = Washed(rep0.Final), Snapshots = rep0.Snapshots.ToDictionary(kv => kv.Key, kv => Washed(kv.Value)) };
            var final = rep.Final;
            if (final.Total < 3000) { Console.WriteLine($"replicate {rep.Replicate + 1}: {rep.Outcome}, {final.Total} cells"); continue; }
            var readouts = string.Join(", ", rep.Snapshots.Where(s => s.Value.Total >= 3000 && s.Key != "final")
                .Select(s => $"{s.Key} RI {Ic50(s.Value, 2) / ic0:G3} (share {Share(s.Value):P0})"));
            double ic = Ic50(final, 2);
            var model = new LineModel(final.Line);
            double keap = Share(final);
            double gsh = final.Clones.Sum(c => c.State.Gsh * c.Total) / final.Total / 1000;
            double td = final.Clones.Sum(c => CloneKinetics.For(model, c.Phenotype).DoublingTime() * c.Total) / final.Total;
            var last = rep.Series[^1];
            double pers = final.Clones.Sum(c => c.Persister) / (double)final.Total, add = final.Clones.Sum(c => c.State.Adducts * c.Total) / final.Total;
            Console.WriteLine($"  final: persister share {pers:P1}, mean adducts {add:G3}; ANO1-gain share {final.Clones.Where(c => c.Phenotype.Genotype.Ano1Gains > 0).Sum(c => c.Total) / (double)final.Total:P0}");
            finals.Add(ic / ic0);
            shares.Add(keap);
            Console.WriteLine($"replicate {rep.Replicate + 1}: {readouts}; final day {final.TimeHours / 24:F0}: IC50 {ic:G3} uM, RI {ic / ic0:G3}; NRF2-pathway mutant share {keap:P1}; " +
                              $"mean GSH (in the final medium) {gsh:G3} mM; mean doubling {td:G3} h; level {rep.Events.LastOrDefault(e => e.Kind == "escalation")?.Value:G3} uM, {rep.Events.Count(e => e.Kind == "passage")} passages; mean log2 NRF2 {last.Means["mean_log2_nrf2"]:G3}, " +
                              $"apoptosis {last.Means["mean_log2_apoptosis_threshold"]:G3}, abcb1 {last.Means["mean_log2_abcb1"]:G3}");
        }
        if (finals.Count > 0)
        {
            finals.Sort();
            Console.WriteLine($"final RI over {finals.Count} replicates: median {finals[finals.Count / 2]:G3}, range {finals[0]:G3}-{finals[^1]:G3}; " +
                              $"mutant share range {shares.Min():P0}-{shares.Max():P0}");
        }
    }

    private static double Share(Population p) =>
        p.Clones.Where(c => c.Phenotype.Genotype.Has(Mutations.Keap1) || c.Phenotype.Genotype.Has(Mutations.Nfe2l2) || c.Phenotype.Genotype.Has(Mutations.Cul3)).Sum(c => c.Total) / (double)p.Total;

    /// <summary>The RI (72 h, in-code IC50), GSH and doubling time of single-change derivatives of a line's founder.</summary>
    public static void Phenotypes(string protocolFile)
    {
        var p = ProtocolReader.Load(protocolFile);
        var g = p.Line.Genotype;
        var model = new LineModel(p.Line);
        double ic0 = Ic50(Population.Seed(p.Line, 100_000), 1);
        foreach (var (name, geno) in new (string, Genotype)[]
                 {
                     ("parental", g), ("KEAP1", g.With(Mutations.Keap1)), ("NFE2L2", g.With(Mutations.Nfe2l2)), ("CUL3", g.With(Mutations.Cul3)),
                     ("ANO1 gain", g.WithGain(AmplifiedLocus.Ano1)), ("ABCB1 gain", g.WithGain(AmplifiedLocus.Abcb1)), ("ACTL6A gain", g.WithGain(AmplifiedLocus.Actl6a)),
                     ("KEAP1 + ANO1", g.With(Mutations.Keap1).WithGain(AmplifiedLocus.Ano1)),
                 })
        {
            var ph = Phenotype.Founder(geno);
            var pop = Population.FromPhenotypes(p.Line, [(ph, 100_000)]);
            var k = CloneKinetics.For(model, ph);
            Console.WriteLine($"{name,-14} RI {Ic50(pop, 1) / ic0,6:F2}  GSH {Kinetics.SteadyState(k, Exposure.DrugFree).Gsh / 1000,6:F2} mM  doubling {k.DoublingTime(),6:F1} h");
        }
    }

    /// <summary>`timing PROTOCOL N`: N single-thread replicates (seeds 1..N) at flask scales 1 and 10^5 (SCALES="1,1e5"
    /// to choose), the scales interleaved run by run so that each seed's replicates at every scale meet the same state of
    /// a shared machine; prints per scale the medians and the median of the per-seed ratios to the first scale; then 20
    /// replicates on 1 and 2 threads (SKIPTHREADS=1 to leave out).</summary>
    public static void Timing(string protocolFile, int repeats)
    {
        var p = ProtocolReader.Load(protocolFile);
        var scales = (Environment.GetEnvironmentVariable("SCALES") ?? "1,1e5").Split(",").Select(x => double.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var times = scales.Select(_ => new double[repeats]).ToArray();
        var cpu = scales.Select(_ => new double[repeats]).ToArray();
        var allocated = scales.Select(_ => new double[repeats]).ToArray();
        var clones = new int[scales.Length];
        for (int i = 0; i < repeats; i++)
            for (int k = 0; k < scales.Length; k++)
            {
                var proc = Process.GetCurrentProcess();
                var cpu0 = proc.TotalProcessorTime;
                long bytes0 = GC.GetTotalAllocatedBytes(true);
                var sw = Stopwatch.StartNew();
                var r = new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = (ulong)(i + 1), SizeScale = scales[k], Threads = 1 }).Run();
                times[k][i] = sw.Elapsed.TotalSeconds;
                allocated[k][i] = (GC.GetTotalAllocatedBytes(true) - bytes0) / 1e6;
                proc.Refresh();
                cpu[k][i] = (proc.TotalProcessorTime - cpu0).TotalSeconds;
                clones[k] = Math.Max(clones[k], r.Replicates[0].Series.Max(s => s.ClonesAlive));
            }
        static double Median(IEnumerable<double> x) { var a = x.Order().ToArray(); return a[a.Length / 2]; }
        for (int k = 0; k < scales.Length; k++)
        {
            string ratio = k == 0 ? "" : $", median ratio to {p.Flask.Capacity * scales[0]:G3} cells (same seed) {Median(times[k].Zip(times[0], (a, b) => a / b)):F1}x";
            Console.WriteLine($"capacity {p.Flask.Capacity * scales[k]:G3} cells: median {Median(times[k]):F2} s per replicate (runs {string.Join(", ", times[k].Order().Select(t => t.ToString("F2")))}), " +
                              $"CPU median {Median(cpu[k]):F2} s (runs {string.Join(", ", cpu[k].Order().Select(t => t.ToString("F2")))}), max clones alive {clones[k]}, allocated median {Median(allocated[k]):F0} MB{ratio}");
        }
        foreach (var threads in Environment.GetEnvironmentVariable("SKIPTHREADS") == "1" ? [] : new[] { 1, 2 })
        {
            var sw = Stopwatch.StartNew();
            new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = 1, Replicates = 20, Threads = threads }).Run();
            Console.WriteLine($"20 replicates on {threads} thread(s): {sw.Elapsed.TotalSeconds:F2} s");
        }
    }
}
