using ResLab.Simulation;

namespace ResLab.Assays;

/// <summary>One population put through an assay under a name (e.g. "parental", "derived"), optionally with drugs added to every well (a fixed co-treatment such as telaglenastat 1 µM).</summary>
public sealed record AssaySample(string Name, Population Population, IReadOnlyList<AssayDrug>? CoTreatment = null)
{
    public IReadOnlyList<AssayDrug> With => CoTreatment ?? [];

    /// <summary>The drug label of the layout's <c>drug</c> column: the series drug plus any co-treatment.</summary>
    public string DrugLabel(string drug) => With.Count == 0 ? drug : drug + "+" + string.Join("+", With.Select(d => $"{d.Drug} {d.Micromolar:G4} uM"));
}

/// <summary>Helpers shared by the assays: the clone composition of a seeded well, with or without sampling noise.</summary>
internal static class Seeding
{
    /// <summary>
    /// The cells of a well: a draw of <paramref name="cells"/> cells without replacement from the population
    /// (clones and states kept), or, with <paramref name="exact"/>, the population's composition scaled to that number.
    /// </summary>
    public static List<(Model.Phenotype Phenotype, double[] Counts)> Well(Population p, long cells, bool exact, ulong seed, ulong stream)
    {
        var list = new List<(Model.Phenotype, double[])>();
        if (exact || cells > p.Total)
        {
            double f = (double)cells / p.Total;
            foreach (var c in p.Clones) list.Add((c.Phenotype, [c.Cycling * f, c.Quiescent * f, c.Persister * f, c.Doomed * f]));
            return list;
        }
        foreach (var c in p.Sample(cells, seed, stream).Clones) list.Add((c.Phenotype, [c.Cycling, c.Quiescent, c.Persister, c.Doomed]));
        return list;
    }
}
