using ResLab.Biology;
using ResLab.Simulation;

namespace ResLab.Assays;

/// <summary>What a resistance-stability test is asked to do.</summary>
public sealed record StabilityOptions
{
    public double Weeks { get; init; } = 4;
    /// <summary>Cells taken from the population into the drug-free flask (a scaled flask keeps the test fast; clone shares are sampled).</summary>
    public long Cells { get; init; } = 100_000;
    public double FlaskCapacity { get; init; } = 1e6;
    /// <summary>Passage 1:<see cref="SplitRatio"/> whenever confluence reaches <see cref="SplitAt"/> (checked daily).</summary>
    public double SplitAt { get; init; } = 0.8;
    public double SplitRatio { get; init; } = 8;
    public EngineSettings Engine { get; init; } = new();
    /// <summary>The tolerance readout: cells surviving this long at this concentration (assumed: ~10× a parental IC50).</summary>
    public double ToleranceMicromolar { get; init; } = 30;
    public double ToleranceHours { get; init; } = 72;
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// Resistance stability: a derived population is cultured drug-free for N weeks in the engine (passaged at
/// confluence), then both the population before and after go through the same MTT plate. Genetic resistance
/// (KEAP1 loss, copy gains) is inherited and persists; resistance carried by drug-tolerant persister cells fades as
/// persisters return to cycling and the sensitive majority regrows. The noise of the re-assay is the MTT's.
/// </summary>
public static class StabilityAssay
{
    public sealed record Result(Population Before, Population After, IReadOnlyList<MttPlate> Plates, string TolerancePath);

    /// <summary>
    /// The drug-tolerance readout that separates persisters: cells counted (Poisson counting noise) after
    /// <see cref="StabilityOptions.ToleranceHours"/> at a high concentration, as a fraction of the cells when the drug
    /// went in (Sharma et al. 2010, Cell 141:69, counted drug-tolerant survivors the same way). Persisters, which
    /// barely change a vehicle-normalised MTT, survive here.
    /// </summary>
    public static string Tolerance(IReadOnlyList<AssaySample> samples, StabilityOptions o, string drug, string path, Catalogue? catalogue = null)
    {
        using var w = new Storage.DelimitedWriter(path, ["line", "drug", "concentration_uM", "hours", "replicate", "cells_at_treatment", "cells_after", "surviving_fraction"], quote: false);
        int si = 0;
        foreach (var s in samples)
        {
            si++;
            var model = new WellModel(s.Population.Line, catalogue);
            for (int rep = 1; rep <= 3; rep++)
            {
                var rng = new Simulation.Random.RandomStream(o.Seed, (ulong)(si * 100 + rep), Simulation.Random.StreamPurpose.Assay, 20, 0);
                var cells = Seeding.Well(s.Population, 100_000, false, o.Seed, (ulong)(si * 100 + rep + 50));
                var outcome = model.Run(cells, 1.2e6, [.. s.With, new AssayDrug(drug, o.ToleranceMicromolar)], 24, o.ToleranceHours);
                long t0 = Samplers(ref rng, outcome.CellsAtTreatment);
                long after = Samplers(ref rng, outcome.Total - outcome.State(Model.CellState.Doomed));
                w.Row([s.Name, drug, MttAssay.Num(o.ToleranceMicromolar), MttAssay.Num(o.ToleranceHours), rep.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    t0.ToString(System.Globalization.CultureInfo.InvariantCulture), after.ToString(System.Globalization.CultureInfo.InvariantCulture), MttAssay.Num((double)after / Math.Max(1, t0))]);
            }
        }
        return path;
    }

    private static long Samplers(ref Simulation.Random.RandomStream rng, double mean) => ResLab.Simulation.Random.Samplers.Poisson(ref rng, Math.Max(0, mean));

    public static Population CultureDrugFree(Population start, StabilityOptions o, Catalogue? catalogue = null)
    {
        var p = start.Total > o.Cells ? start.Sample(o.Cells, o.Seed, 77) : start;
        var culture = new Culture(p, new Flask(o.FlaskCapacity), o.Engine, o.Seed, 0, catalogue);
        double end = culture.Time + o.Weeks * 7 * 24;
        while (culture.Time < end - 1e-9 && !culture.Extinct)
        {
            culture.AdvanceTo(Math.Min(end, culture.Time + 24));
            if (culture.Confluence >= o.SplitAt) culture.Split(o.SplitRatio);
        }
        return culture.Snapshot();
    }

    public static Result Run(AssaySample sample, StabilityOptions o, MttOptions mtt, string directory, Catalogue? catalogue = null)
    {
        var after = CultureDrugFree(sample.Population, o, catalogue);
        if (after.Total == 0) throw new UserInputException($"the population '{sample.Name}' died out during {o.Weeks:G4} weeks drug-free; nothing to re-assay", new InputLocation(Field: "--weeks"));
        string wk = $"{o.Weeks:G4}";
        AssaySample[] both = [sample with { Name = sample.Name + "_week0" }, sample with { Name = $"{sample.Name}_week{wk}", Population = after }];
        var plates = MttAssay.Run(both, mtt, directory, catalogue);
        var tol = Tolerance(both, o, mtt.Drug, Path.Combine(directory, "tolerance.csv"), catalogue);
        return new Result(sample.Population, after, plates, tol);
    }
}
