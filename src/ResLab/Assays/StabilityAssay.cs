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
    public sealed record Result(Population Before, Population After, IReadOnlyList<MttPlate> Plates);

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
        var plates = MttAssay.Run([sample with { Name = sample.Name + "_week0" }, sample with { Name = $"{sample.Name}_week{wk}", Population = after }], mtt, directory, catalogue);
        return new Result(sample.Population, after, plates);
    }
}
