using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;

namespace ResLab.Assays;

/// <summary>A drug in an assay's medium: name and nominal concentration (µM).</summary>
public sealed record AssayDrug(string Drug, double Micromolar);

/// <summary>
/// The expected (mean-field) course of the cells in one well, with the engine's pharmacology per clone. Each clone's
/// intracellular ODEs (Model/Kinetics) run from its drug-free steady state (cells are seeded in fresh medium) under
/// the well's drugs, and its per-state hazards (Model/Hazards) drive the mean of the engine's four-state branching
/// process, dn/dt = M(t)·n, with contact inhibition from the well's total density. Within-well demographic noise is
/// left out: for the ≥ 10³ cells of an assay well its CV (≈ 1/√N) is below the pipetting and reader noise that the
/// assays add. Mutation is left out too (days of assay, rates ≤ 10⁻⁶ per division).
/// </summary>
public sealed class WellModel
{
    /// <summary>Integration step (h): the hazards are piecewise constant over it, as in the engine.</summary>
    public const double Step = 0.5;

    private readonly LineModel _line;
    private readonly Catalogue _catalogue;
    private readonly Dictionary<(Phenotype, string), (StateRates[] Rates, IntracellularState End)> _cache = new();

    public WellModel(CellLine line, Catalogue? catalogue = null)
    {
        _line = new LineModel(line);
        _catalogue = catalogue ?? Catalogue.Default;
    }

    public LineModel Line => _line;

    /// <summary>Expected counts per state of one well's clones after <paramref name="attachHours"/> drug-free and <paramref name="exposureHours"/> with <paramref name="drugs"/>.</summary>
    public WellOutcome Run(IReadOnlyList<(Phenotype Phenotype, double[] Counts)> clones, double capacity, IReadOnlyList<AssayDrug> drugs, double attachHours, double exposureHours)
    {
        int steps0 = (int)Math.Round(attachHours / Step), steps1 = (int)Math.Round(exposureHours / Step);
        var free = clones.Select(c => Series(c.Phenotype, [], steps0)).ToArray();
        var dosed = clones.Select(c => Series(c.Phenotype, drugs, steps1)).ToArray();
        var n = clones.Select(c => (double[])c.Counts.Clone()).ToArray();
        Integrate(n, free.Select(f => f.Rates).ToArray(), steps0, capacity);
        var atTreatment = n.Select(x => x.Sum()).Sum();
        Integrate(n, dosed.Select(f => f.Rates).ToArray(), steps1, capacity);
        var last = dosed.Select(d => d.Rates.Length > 0 ? d.Rates[^1] : free[0].Rates.LastOrDefault()).ToArray();
        return new WellOutcome(n, dosed.Select(d => d.End).ToArray(), last, atTreatment);
    }

    private (StateRates[] Rates, IntracellularState End) Series(Phenotype p, IReadOnlyList<AssayDrug> drugs, int steps)
    {
        var key = (p.WithTag(0), string.Join(";", drugs.Select(d => $"{d.Drug}={d.Micromolar:R}")) + "#" + steps);
        if (_cache.TryGetValue(key, out var v)) return v;
        var k = CloneKinetics.For(_line, key.Item1);
        var medium = new Medium();
        foreach (var d in drugs) medium.Set(_catalogue.Drug(d.Drug), d.Micromolar, 0);
        var s = Kinetics.SteadyState(k, Exposure.DrugFree);
        var rates = new StateRates[steps];
        for (int i = 0; i < steps; i++)
        {
            var e = medium.ExposureAt((i + 0.5) * Step);
            var end = Kinetics.Step(k, s, e, Step);
            var mid = IntracellularState.Mix(s, 1, end, 1);
            rates[i] = Hazards.Rates(k, mid, e, 0);
            s = end;
        }
        return _cache[key] = (rates, s);
    }

    /// <summary>Mean of the four-state process over piecewise-constant rates (RK4 per step); division scaled by contact inhibition.</summary>
    private static void Integrate(double[][] n, StateRates[][] rates, int steps, double capacity)
    {
        Span<double> k1 = stackalloc double[4], k2 = stackalloc double[4], k3 = stackalloc double[4], k4 = stackalloc double[4], y = stackalloc double[4];
        for (int i = 0; i < steps; i++)
        {
            double total = 0;
            foreach (var x in n) total += x[0] + x[1] + x[2] + x[3];
            double contact = double.IsPositiveInfinity(capacity) ? 1 : Math.Max(0, 1 - total / capacity);
            for (int c = 0; c < n.Length; c++)
            {
                var r = rates[c][i];
                var x = n[c];
                Deriv(r, contact, x, k1);
                for (int j = 0; j < 4; j++) y[j] = x[j] + Step / 2 * k1[j];
                Deriv(r, contact, y, k2);
                for (int j = 0; j < 4; j++) y[j] = x[j] + Step / 2 * k2[j];
                Deriv(r, contact, y, k3);
                for (int j = 0; j < 4; j++) y[j] = x[j] + Step * k3[j];
                Deriv(r, contact, y, k4);
                for (int j = 0; j < 4; j++) x[j] = Math.Max(0, x[j] + Step / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]));
            }
        }
    }

    private static void Deriv(in StateRates r, double contact, ReadOnlySpan<double> n, Span<double> dn)
    {
        double bc = r.DivideCycling * contact, bp = r.DividePersister * contact;
        dn[0] = (bc - r.DeathCycling - r.CyclingToQuiescent - r.CyclingToPersister) * n[0] + r.QuiescentToCycling * n[1] + r.PersisterToCycling * n[2];
        dn[1] = r.CyclingToQuiescent * n[0] - (r.DeathQuiescent + r.QuiescentToCycling) * n[1];
        dn[2] = r.CyclingToPersister * n[0] + (bp - r.DeathPersister - r.PersisterToCycling) * n[2];
        dn[3] = -r.DeathDoomed * n[3];
    }
}

/// <summary>A well at the end of an assay: expected counts per clone and state, each clone's intracellular state and last hazards, and the cells when the drug went in.</summary>
public sealed record WellOutcome(double[][] Counts, IntracellularState[] States, StateRates[] Rates, double CellsAtTreatment)
{
    public double Total => Counts.Sum(c => c.Sum());
    public double State(CellState s) => Counts.Sum(c => c[(int)s]);
}
