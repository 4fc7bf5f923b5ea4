using System.Diagnostics;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Protocols;
using ResLab.Simulation;

namespace ResLab.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/ResLab.Bench -- calibrate|timing`: a quick in-code IC50 of a derived line
/// against its parent (72 h continuous cisplatin, viable cells relative to vehicle), and wall times of the 12-month
/// escalation at 1e7 and 1e12 cells.
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

    public static void Calibrate(string protocolFile, int replicates)
    {
        var p = ProtocolReader.Load(protocolFile);
        var parent = Population.Seed(p.Line, 100_000);
        double ic0 = Ic50(parent, 1);
        Console.WriteLine($"{p.Line.Name} parental IC50 (72 h): {ic0:G3} uM; doubling {CloneKinetics.For(new LineModel(p.Line), Phenotype.Founder(p.Line.Genotype)).DoublingTime():G3} h");
        var r = new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = 7, Replicates = replicates }).Run();
        foreach (var rep in r.Replicates)
        {
            var final = rep.Final;
            if (final.Total < 3000) { Console.WriteLine($"replicate {rep.Replicate + 1}: {rep.Outcome}, {final.Total} cells"); continue; }
            double ic = Ic50(final, 2);
            var model = new LineModel(final.Line);
            double keap = final.Clones.Where(c => c.Phenotype.Genotype.Has(Mutations.Keap1) || c.Phenotype.Genotype.Has(Mutations.Nfe2l2) || c.Phenotype.Genotype.Has(Mutations.Cul3)).Sum(c => c.Total) / (double)final.Total;
            double gsh = final.Clones.Sum(c => c.State.Gsh * c.Total) / final.Total / 1000;
            double td = final.Clones.Sum(c => CloneKinetics.For(model, c.Phenotype).DoublingTime() * c.Total) / final.Total;
            var last = rep.Series[^1];
            Console.WriteLine($"replicate {rep.Replicate + 1}: IC50 {ic:G3} uM, RI {ic / ic0:G3}; NRF2-pathway mutant share {keap:P1}; mean GSH (in the final medium) {gsh:G3} mM; mean doubling {td:G3} h; mean log2 NRF2 {last.Means["mean_log2_nrf2"]:G3}, apoptosis {last.Means["mean_log2_apoptosis_threshold"]:G3}, abcb1 {last.Means["mean_log2_abcb1"]:G3}");
        }
    }

    public static void Timing(string protocolFile, int repeats)
    {
        var p = ProtocolReader.Load(protocolFile);
        foreach (var scale in new[] { 1.0, 1e5 })
        {
            var times = new List<double>();
            var cpu = new List<double>();
            int clones = 0;
            for (int i = 0; i < repeats; i++)
            {
                var proc = Process.GetCurrentProcess();
                var cpu0 = proc.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var r = new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = (ulong)(i + 1), SizeScale = scale, Threads = 1 }).Run();
                times.Add(sw.Elapsed.TotalSeconds);
                proc.Refresh();
                cpu.Add((proc.TotalProcessorTime - cpu0).TotalSeconds);
                clones = r.Replicates[0].Series.Max(s => s.ClonesAlive);
            }
            times.Sort();
            cpu.Sort();
            Console.WriteLine($"capacity {p.Flask.Capacity * scale:G3} cells: median {times[times.Count / 2]:F2} s per replicate (runs {string.Join(", ", times.Select(t => t.ToString("F2")))}), " +
                              $"CPU median {cpu[cpu.Count / 2]:F2} s (runs {string.Join(", ", cpu.Select(t => t.ToString("F2")))}), max clones alive {clones}");
        }
        foreach (var threads in new[] { 1, 2 })
        {
            var sw = Stopwatch.StartNew();
            new ResLab.Simulation.Simulation(p, new SimulationSettings { Seed = 1, Replicates = 20, Threads = threads }).Run();
            Console.WriteLine($"20 replicates on {threads} thread(s): {sw.Elapsed.TotalSeconds:F2} s");
        }
    }
}
