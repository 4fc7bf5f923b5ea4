using System.Globalization;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using ResLab.Simulation.Random;
using ResLab.Storage;

namespace ResLab.Assays;

/// <summary>What a drug clonogenic assay is asked to do. Noise and seeding as in <see cref="ClonogenicOptions"/>.</summary>
public sealed record DrugClonogenicOptions
{
    public string Drug { get; init; } = "cisplatin";
    /// <summary>Concentrations (µM); 0 is added when missing (the plating-efficiency dishes).</summary>
    public IReadOnlyList<double> Concentrations { get; init; } = [0, 0.3, 1, 3, 10, 30];
    /// <summary>Exposure after the cells attach, then the drug is washed out (Franken et al. 2006, Nat Protoc 1:2315: treat, wash, grow).</summary>
    public double ExposureHours { get; init; } = 24;
    /// <summary>Cells seeded at 0 µM; more at higher concentrations: round(base·(1 + c/c½)^k), so that each dish has countable colonies (assumed rule, c½ = 1 µM, k = 0.8).</summary>
    public double BaseCells { get; init; } = 200;
    /// <summary>Drug-free time after the wash over which a cell's fate is followed before it counts as a survivor: cisplatin adducts go on killing after the wash (assumed 72 h, the delay of most post-cisplatin apoptosis).</summary>
    public double WashoutHours { get; init; } = 72;
    public double SeedingHalf { get; init; } = 1;
    public double SeedingPower { get; init; } = 0.8;
    public int Experiments { get; init; } = 3;
    public int DishesPerDose { get; init; } = 3;
    public double GrowDays { get; init; } = 12;
    public long MinColony { get; init; } = 50;
    /// <summary>Plating probability of a surviving cell (assumed, as the radiation assay).</summary>
    public double Attachment { get; init; } = 0.5;
    public bool Noise { get; init; } = true;
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// Virtual drug clonogenic assay (the colony-formation counterpart of the MTT plate). Per sample, experiment,
/// concentration and dish: the nominal number of cells is seeded (true number ~ Poisson, drawn from the population
/// with clones and states); each cell keeps its clonogenic potential with probability S(c) = L(c)/L(0), where L is
/// the expected number of living (not doomed) descendants of one cell of that clone and state 72 h after the
/// wash (the adducts left go on killing), from the assays' mean-field well model (<see cref="WellModel"/>: the engine's ODEs and hazards, so
/// uptake, GSH conjugation, repair and apoptosis act as in the flask). Dividing by the vehicle's L(0) removes the
/// divisions during the exposure: the daughters of one seeded cell make one colony. Survivors attach with the
/// plating probability and grow as their clone's drug-free birth–death process (exact kernel) for the growth time;
/// colonies of ≥ 50 cells are counted. The per-cell survival is mean-field (a cell's fate is a Bernoulli draw with
/// the expected survival), which is exact for the colony count's mean.
/// Writes <c>line, experiment, drug, concentration_um, cells_seeded, colonies</c> and, per dish, the surviving fraction
/// (colonies / cells seeded / the experiment's plating efficiency) that <c>reslab dose-response fit</c> reads.
/// </summary>
public static class DrugClonogenicAssay
{
    public static readonly string[] CountColumns = ["line", "experiment", "drug", "concentration_um", "cells_seeded", "colonies"];
    public static readonly string[] FractionColumns = ["line", "experiment", "drug", "concentration_um", "surviving_fraction"];

    public sealed record Files(string Counts, string SurvivingFraction);

    public static Files Run(IReadOnlyList<AssaySample> samples, DrugClonogenicOptions o, string directory, Catalogue? catalogue = null)
    {
        var concentrations = o.Concentrations.Contains(0) ? o.Concentrations.ToList() : o.Concentrations.Prepend(0).ToList();
        foreach (var c in concentrations)
            if (!(c >= 0) || double.IsInfinity(c)) throw new ArgumentOutOfRangeException(nameof(o), c, "concentrations must be finite and ≥ 0");
        var counts = new List<string[]>();
        var fractions = new List<string[]>();
        int si = 0;
        foreach (var sample in samples)
        {
            si++;
            var well = new WellModel(sample.Population.Line, catalogue);
            var line = well.Line;
            var survival = new Dictionary<(Phenotype, int, double), double>();
            var kin = new Dictionary<Phenotype, CloneKinetics>();
            string label = sample.DrugLabel(o.Drug);
            for (int e = 0; e < o.Experiments; e++)
            {
                var dishes = new List<(double C, long Nominal, long Colonies)>();
                for (int ci = 0; ci < concentrations.Count; ci++)
                {
                    double conc = concentrations[ci];
                    for (int dish = 0; dish < o.DishesPerDose; dish++)
                    {
                        long nominal = (long)Math.Round(o.BaseCells * Math.Pow(1 + conc / o.SeedingHalf, o.SeedingPower));
                        ulong stream = (ulong)(si * 1_000_000 + e * 10_000 + ci * 10 + dish);
                        var rng = new RandomStream(o.Seed, stream, StreamPurpose.Assay, 40, 0);
                        long seeded = o.Noise ? Math.Max(1, Samplers.Poisson(ref rng, nominal)) : nominal;
                        long colonies = 0;
                        foreach (var (p, n) in Seeding.Well(sample.Population, Math.Min(seeded, sample.Population.Total), false, o.Seed, stream))
                        {
                            if (!kin.TryGetValue(p, out var k)) kin[p] = k = CloneKinetics.For(line, p);
                            for (int s = 0; s < 3; s++)
                            {
                                long cells = (long)Math.Round(n[s]);
                                if (cells == 0) continue;
                                double surv = Survival(well, survival, sample, o, p, s, conc);
                                long alive = Samplers.Binomial(ref rng, cells, surv);
                                colonies += ClonogenicAssay.Colonies(ref rng, alive, o.Attachment, k.DivisionRate, k.BasalDeath, o.GrowDays * 24, o.MinColony);
                            }
                        }
                        dishes.Add((conc, nominal, colonies));
                        counts.Add([sample.Name, $"exp{e + 1}", label, Num(conc), nominal.ToString(CultureInfo.InvariantCulture), colonies.ToString(CultureInfo.InvariantCulture)]);
                    }
                }
                // Plating efficiency of this experiment: colonies per cell seeded in its vehicle dishes.
                var vehicle = dishes.Where(d => d.C == 0).ToList();
                double pe = vehicle.Sum(d => (double)d.Colonies) / vehicle.Sum(d => (double)d.Nominal);
                foreach (var d in dishes)
                    fractions.Add([sample.Name, $"exp{e + 1}", label, Num(d.C), pe > 0 ? Num(d.Colonies / (double)d.Nominal / pe) : "NA"]);
            }
        }
        Directory.CreateDirectory(directory);
        var countsPath = Path.Combine(directory, "clonogenic_drug.csv");
        var sfPath = Path.Combine(directory, "surviving_fraction.csv");
        using (var w = new DelimitedWriter(countsPath, CountColumns, quote: false))
            foreach (var r in counts) w.Row(r);
        using (var w = new DelimitedWriter(sfPath, FractionColumns, quote: false))
            foreach (var r in fractions) w.Row(r);
        return new Files(countsPath, sfPath);
    }

    /// <summary>S(c) = L(c)/L(0) for one cell of phenotype <paramref name="p"/> in state <paramref name="state"/> (capped at 1), cached.</summary>
    private static double Survival(WellModel well, Dictionary<(Phenotype, int, double), double> cache, AssaySample sample, DrugClonogenicOptions o,
        Phenotype p, int state, double conc)
    {
        var key = (p, state, conc);
        if (cache.TryGetValue(key, out var v)) return v;
        double Living(double c)
        {
            var start = new double[4];
            start[state] = 1;
            var drugs = sample.With.ToList();
            if (c > 0) drugs.Add(new AssayDrug(o.Drug, c));
            var r = well.RunWithWashout([(p, start)], double.PositiveInfinity, drugs, o.ExposureHours, o.WashoutHours, sample.With);
            return r.Total - r.State(CellState.Doomed);
        }
        double l0 = Living(0);
        v = conc == 0 || l0 <= 0 ? 1 : Math.Clamp(Living(conc) / l0, 0, 1);
        return cache[key] = v;
    }

    private static string Num(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
