using System.Globalization;
using ResLab.Model;
using ResLab.Simulation;
using ResLab.Simulation.Random;
using ResLab.Storage;

namespace ResLab.Assays;

/// <summary>What a clonogenic (colony-formation) assay is asked to do. Noise: see <see cref="ClonogenicAssay"/>.</summary>
public sealed record ClonogenicOptions
{
    public IReadOnlyList<double> DosesGy { get; init; } = [0, 2, 4, 6, 8];
    /// <summary>Cells seeded at 0 Gy; more at higher doses: round(base·e^(k·D)) so that each dish gives countable colonies.</summary>
    public double BaseCells { get; init; } = 200;
    public double SeedingGrowth { get; init; } = 0.4;
    public int Experiments { get; init; } = 3;
    public int DishesPerDose { get; init; } = 3;
    public double GrowDays { get; init; } = 12;
    /// <summary>Colonies of at least this many cells are counted (the 50-cell rule of Puck &amp; Marcus 1956; Franken et al. 2006, Nat Protoc 1:2315).</summary>
    public long MinColony { get; init; } = 50;
    /// <summary>Chance that a seeded cell attaches and is able to start a colony (assumed; HNSCC plating efficiencies are typically 0.2–0.6).</summary>
    public double Attachment { get; init; } = 0.5;
    /// <summary>Pipetting: the true number seeded is Poisson around the nominal number written to the table.</summary>
    public bool Noise { get; init; } = true;
    /// <summary>All cells are cycling and at the reference state (for checks against the catalogue's α, β).</summary>
    public bool NeutralModifiers { get; init; }
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// Virtual clonogenic assay. Per sample, experiment, dose and dish: the nominal number of cells is seeded (true
/// number ~ Poisson, drawn from the population with clones and states), irradiated with the engine's radiation model
/// (LQ survival with each cell's oxygen, GSH-scavenging, state and repair modifiers), each survivor attaches with the
/// plating probability and grows as the clone's drug-free birth–death process (exact kernel) for the growth time;
/// colonies of ≥ 50 cells are counted. Writes the rows <c>line, experiment, dose_gy, cells_seeded, colonies</c> that
/// <c>reslab clonogenic fit</c> reads.
/// </summary>
public static class ClonogenicAssay
{
    public static string Run(IReadOnlyList<AssaySample> samples, ClonogenicOptions o, string path)
    {
        var rows = new List<string[]>();
        int si = 0;
        foreach (var sample in samples)
        {
            si++;
            var line = new LineModel(sample.Population.Line);
            var kin = new Dictionary<Phenotype, CloneKinetics>();
            for (int e = 0; e < o.Experiments; e++)
                foreach (var dose in o.DosesGy)
                    for (int dish = 0; dish < o.DishesPerDose; dish++)
                    {
                        long nominal = (long)Math.Round(o.BaseCells * Math.Exp(o.SeedingGrowth * dose));
                        ulong stream = (ulong)(si * 1_000_000 + e * 10_000 + (int)Math.Round(dose * 100) * 10 + dish);
                        var rng = new RandomStream(o.Seed, stream, StreamPurpose.Assay, 2, 0);
                        long seeded = o.Noise ? Math.Max(1, Samplers.Poisson(ref rng, nominal)) : nominal;
                        long colonies = 0;
                        foreach (var (p, counts) in Seeding.Well(sample.Population, Math.Min(seeded, sample.Population.Total), false, o.Seed, stream))
                        {
                            if (!kin.TryGetValue(p, out var k)) kin[p] = k = CloneKinetics.For(line, p);
                            var state = Kinetics.SteadyState(k, Exposure.DrugFree);
                            double b = k.DivisionRate, d = k.BasalDeath;
                            for (int s = 0; s < 3; s++)
                            {
                                long n = (long)Math.Round(counts[s]);
                                if (o.NeutralModifiers && s != 0) continue;
                                double stateMod = o.NeutralModifiers ? 1 : s == 1 ? line.QuiescentRadMod : s == 2 ? line.PersisterRadMod : 1;
                                double m = o.NeutralModifiers ? 1 : Radiation.Modifier(line, state.Gsh, double.NaN, stateMod);
                                double repair = o.NeutralModifiers ? 1 : k.DsbRepair;
                                long alive = Samplers.Binomial(ref rng, n, Radiation.Survival(line.Alpha, line.Beta, dose, m, repair));
                                colonies += Colonies(ref rng, alive, o.Attachment, b, d, o.GrowDays * 24, o.MinColony);
                            }
                        }
                        rows.Add([sample.Name, $"exp{e + 1}", Num(dose), nominal.ToString(CultureInfo.InvariantCulture), colonies.ToString(CultureInfo.InvariantCulture)]);
                    }
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var w = new DelimitedWriter(path, ["line", "experiment", "dose_gy", "cells_seeded", "colonies"], quote: false);
        foreach (var r in rows) w.Row(r);
        return path;
    }

    /// <summary>
    /// Colonies from <paramref name="survivors"/> cells: each attaches with the plating probability, then grows as one
    /// cell's drug-free birth–death process (exact kernel) for the growth time; those reaching the counted size count.
    /// Shared by the radiation and the drug clonogenic assay.
    /// </summary>
    internal static long Colonies(ref RandomStream rng, long survivors, double attachment, double birth, double death, double hours, long minColony)
    {
        long plated = Samplers.Binomial(ref rng, survivors, attachment), colonies = 0;
        for (long i = 0; i < plated; i++)
            if (BirthDeath.Sample(ref rng, 1, birth, death, hours) >= minColony) colonies++;
        return colonies;
    }

    private static string Num(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
