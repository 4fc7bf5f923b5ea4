using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation.Random;

namespace ResLab.Simulation;

/// <summary>One clone of a population snapshot.</summary>
public sealed record PopulationClone(int Id, int ParentId, double BornHours, Phenotype Phenotype, long Cycling, long Quiescent, long Persister, long Doomed,
    IntracellularState State)
{
    public long Total => Cycling + Quiescent + Persister + Doomed;
    public long Count(CellState s) => s switch { CellState.Cycling => Cycling, CellState.Quiescent => Quiescent, CellState.Persister => Persister, _ => Doomed };
}

/// <summary>
/// An immutable population: the cell line it derives from and its clones with their counts per state and
/// intracellular state, at a time. The seam to the virtual assays and screens: a catalogue line seeded with N cells,
/// a protocol readout, or clones built in code (knock-outs); saved to and loaded from a JSON file; sampled into wells.
/// </summary>
public sealed class Population
{
    public CellLine Line { get; }
    public double TimeHours { get; }
    public IReadOnlyList<PopulationClone> Clones { get; }

    public Population(CellLine line, double timeHours, IReadOnlyList<PopulationClone> clones)
    {
        Line = line;
        TimeHours = timeHours;
        Clones = clones;
    }

    public long Total => Clones.Sum(c => c.Total);
    public long Count(CellState s) => Clones.Sum(c => c.Count(s));

    /// <summary>
    /// A parental population of a catalogue line: <paramref name="cells"/> founder cells at the drug-free steady
    /// state, split over cycling and quiescent cells at the line's stationary proportions (deterministically rounded).
    /// </summary>
    public static Population Seed(CellLine line, long cells, int tag = 0) => FromPhenotypes(line, [(Phenotype.Founder(line.Genotype, tag), cells)]);

    /// <summary>
    /// A population of given phenotypes (e.g. one clone per sgRNA with its knock-out's trait changes), each at its own
    /// drug-free steady state, with cycling/quiescent proportions from the phenotype's switching rates.
    /// </summary>
    public static Population FromPhenotypes(CellLine line, IEnumerable<(Phenotype Phenotype, long Cells)> clones)
    {
        var model = new LineModel(line);
        var list = new List<PopulationClone>();
        var cache = new Dictionary<Phenotype, (IntracellularState State, double QFraction)>();
        int id = 1;
        foreach (var (p, n) in clones)
        {
            if (n < 0) throw new ArgumentOutOfRangeException(nameof(clones), "cell counts must be non-negative");
            var key = p.WithTag(0);
            if (!cache.TryGetValue(key, out var v))
            {
                var k = CloneKinetics.For(model, key);
                // quiescent share of an exponentially growing clone: Q/C = e/(r + x + d)
                double r = Math.Max(0, LineModel.GrowthRate(k, model.DivisionRate));
                double q = k.QuiescenceEntry / (r + k.QuiescenceExit + k.BasalDeath);
                v = (Kinetics.SteadyState(k, Exposure.DrugFree), q / (1 + q));
                cache[key] = v;
            }
            long nq = (long)Math.Round(n * v.QFraction);
            list.Add(new PopulationClone(id, 0, 0, p, n - nq, nq, 0, 0, v.State));
            id++;
        }
        return new Population(line, 0, list);
    }

    /// <summary>
    /// Draws <paramref name="cells"/> cells without replacement (multivariate hypergeometric over clones and states),
    /// as a pipette does when seeding a well. Clone ids, phenotypes and states are kept; empty clones are dropped.
    /// </summary>
    public Population Sample(long cells, ulong seed, ulong stream = 0)
    {
        if (cells > Total) throw new ArgumentOutOfRangeException(nameof(cells), $"cannot draw {cells} cells from a population of {Total}");
        var groups = new long[Clones.Count * 4];
        for (int i = 0; i < Clones.Count; i++)
            for (int s = 0; s < 4; s++) groups[i * 4 + s] = Clones[i].Count((CellState)s);
        var drawn = new long[groups.Length];
        var rng = new RandomStream(seed, stream, StreamPurpose.Sampling, 0, 0);
        Samplers.MultivariateHypergeometric(ref rng, groups, cells, drawn);
        var list = new List<PopulationClone>();
        for (int i = 0; i < Clones.Count; i++)
        {
            var c = Clones[i];
            var n = c with { Cycling = drawn[i * 4], Quiescent = drawn[i * 4 + 1], Persister = drawn[i * 4 + 2], Doomed = drawn[i * 4 + 3] };
            if (n.Total > 0) list.Add(n);
        }
        return new Population(Line, TimeHours, list);
    }

    /// <summary>Saves the snapshot as JSON (self-contained: the line's parameters and sources are included).</summary>
    public void Save(string path) => PopulationFile.Save(this, path);

    public static Population Load(string path) => PopulationFile.Load(path);

    /// <summary>Count-weighted mean of an effective log2 trait.</summary>
    public double MeanLog2(Trait t)
    {
        var model = new LineModel(Line);
        double s = 0, n = 0;
        foreach (var c in Clones)
        {
            s += CloneKinetics.For(model, c.Phenotype).Log2[(int)t] * c.Total;
            n += c.Total;
        }
        return n > 0 ? s / n : double.NaN;
    }
}
