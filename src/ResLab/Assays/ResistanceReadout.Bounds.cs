using ResLab.Model;
using ResLab.Simulation;

namespace ResLab.Assays;

/// <summary>
/// The bounds behind <see cref="ResistanceReadout.RiAtLeast(Population, IReadOnlyList{double})"/>: an upper bound on
/// the treated well and a lower bound on the vehicle well, each a sum over clones of cached per-phenotype growth
/// factors, so that a reading far from its threshold needs no integration of the well.
/// </summary>
public sealed partial class ResistanceReadout
{
    /// <summary>Whether <see cref="RiAtLeast(Population, IReadOnlyList{double})"/> may settle a "no" by its bounds (tests compare both ways).</summary>
    internal bool UseBound { get; set; } = true;

    private const int PieceSteps = 24;
    private const int ContactLevels = 64;

    /// <summary>
    /// A lower bound on the vehicle well's viable cells from the seeded cells: every cell divides at most at b_max·κ
    /// and κ = 1 − N/K, so N(t) stays below the logistic curve of rate b_max from N(0) and κ above 1 − N_logistic(t)/K.
    /// Over each 12-h piece κ is held at that floor at the piece's end, rounded down to 1/64 (cached drug-free
    /// propagators per phenotype and level); the cooperative dynamics are monotone in κ, so the result is below the
    /// vehicle's.
    /// </summary>
    private double VehicleFloor(Well w, double n0, double bMax)
    {
        double k = _a.WellCapacity;
        int total = _attachSteps + _exposureSteps;
        var pieces = new List<(int Level, int Steps)>();
        for (int start = 0; start < total; start += PieceSteps)
        {
            int steps = Math.Min(PieceSteps, total - start);
            double t = (start + steps) * Step;
            double nUp = double.IsPositiveInfinity(k) ? 0 : n0 >= k ? k : k / (1 + (k / n0 - 1) * Math.Exp(-bMax * t));
            double kappa = double.IsPositiveInfinity(k) ? 1 : Math.Max(0, 1 - nUp / k);
            pieces.Add(((int)Math.Floor(kappa * ContactLevels), steps));
        }
        double v = 0;
        Span<double> x = stackalloc double[4], y = stackalloc double[4];
        for (int c = 0, j = 0; c < w.Entries.Length; c++, j += 4)
        {
            for (int s = 0; s < 4; s++) x[s] = w.Seeded[j + s];
            foreach (var (level, steps) in pieces)
            {
                var m = DrugFreePieceOf(w.Entries[c], level, steps);
                for (int r = 0; r < 4; r++) y[r] = m[4 * r] * x[0] + m[4 * r + 1] * x[1] + m[4 * r + 2] * x[2] + m[4 * r + 3] * x[3];
                y.CopyTo(x);
            }
            v += x[0] + x[1] + x[2];
        }
        return v;
    }

    /// <summary>Clones of fewer than this many cells in the well enter the bounds only through their cell count and division rate.</summary>
    private const double MinorCells = 0.05;

    /// <summary>
    /// The seeded well for the bounds: its major clones (full entries), the total cells and the fastest division rate
    /// (all clones), and an upper bound on the viable cells the minor clones can leave, Σ n·e^(b·T) (no death, κ ≤ 1):
    /// tiny newborn clones then cost no steady state or rate series at each reading.
    /// </summary>
    private (Well Major, double Cells, double MaxDivision, double MinorGrowth) Screen(Population p)
    {
        double f = _a.CellsPerWell / p.Total, hours = (_attachSteps + _exposureSteps) * Step;
        var entries = new List<Entry>();
        var n = new List<double>();
        double cells = 0, bMax = 0, minor = 0;
        foreach (var c in p.Clones)
        {
            if (c.Total == 0) continue;
            double inWell = c.Total * f;
            cells += inWell;
            if (inWell < MinorCells)
            {
                var k = KineticsOf(c.Phenotype);
                double b = k.DivisionRate * Math.Max(1, _line.PersisterDivision);
                bMax = Math.Max(bMax, b);
                minor += (inWell - c.Doomed * f) * Math.Exp(b * hours);
                continue;
            }
            var e = EntryOf(c.Phenotype);
            bMax = Math.Max(bMax, Math.Max(e.Free.DivideCycling, e.Free.DividePersister));
            entries.Add(e);
            n.AddRange([c.Cycling * f, c.Quiescent * f, c.Persister * f, c.Doomed * f]);
        }
        return (new Well(entries.ToArray(), n.ToArray()), cells, bMax, minor);
    }

    private readonly Dictionary<Phenotype, CloneKinetics> _kinetics = new();

    private CloneKinetics KineticsOf(Phenotype phenotype)
    {
        var key = phenotype.Tag == 0 ? phenotype : phenotype.WithTag(0);
        if (!_kinetics.TryGetValue(key, out var k)) _kinetics[key] = k = CloneKinetics.For(_line, key);
        return k;
    }

    private double[] DrugFreePieceOf(Entry e, int level, int steps)
    {
        int key = level * 1000 + steps;
        if (e.DrugFreePiece.TryGetValue(key, out var m)) return m;
        m = new double[16];
        var one = new double[4];
        var rates = new[] { e.Free };
        for (int s = 0; s < 4; s++)
        {
            Array.Clear(one);
            one[s] = 1;
            for (int i = 0; i < steps; i++) Rk4Step(one, rates, null, i, (double)level / ContactLevels);
            for (int r = 0; r < 4; r++) m[4 * r + s] = one[r];
        }
        return e.DrugFreePiece[key] = m;
    }

    /// <summary>The treated well's viable cells were there no contact inhibition at all (attachment and exposure): an upper bound.</summary>
    private double SeededFreeBound(Well w, double dose)
    {
        double u = 0;
        for (int c = 0, j = 0; c < w.Entries.Length; c++, j += 4)
        {
            var e = w.Entries[c];
            if (!e.FreeGrowthFromSeeding.TryGetValue(dose, out var g))
            {
                // viable growth per cell at the start of the exposure, carried back through the drug-free attachment
                var after = FreeGrowthOf(e, dose);
                var attach = DrugFreePieceOf(e, ContactLevels, _attachSteps);
                g = new double[4];
                for (int s = 0; s < 4; s++) g[s] = after[0] * attach[s] + after[1] * attach[4 + s] + after[2] * attach[8 + s] + after[3] * attach[12 + s];
                e.FreeGrowthFromSeeding[dose] = g;
            }
            u += g[0] * w.Seeded[j] + g[1] * w.Seeded[j + 1] + g[2] * w.Seeded[j + 2] + g[3] * w.Seeded[j + 3];
        }
        return u;
    }

    /// <summary>Viable cells of the treated well were there no contact inhibition during the exposure (an upper bound).</summary>
    private double FreeBound(Well w, double dose)
    {
        double u = 0;
        for (int c = 0, j = 0; c < w.Entries.Length; c++, j += 4)
        {
            var g = FreeGrowthOf(w.Entries[c], dose);
            u += g[0] * w.Attached[j] + g[1] * w.Attached[j + 1] + g[2] * w.Attached[j + 2] + g[3] * w.Attached[j + 3];
        }
        return u;
    }

    private double[] FreeGrowthOf(Entry e, double dose)
    {
        if (e.FreeGrowth.TryGetValue(dose, out var g)) return g;
        var series = SeriesOf(e, dose, ExposuresAt(dose), pinned: true);
        g = new double[4];
        var one = new double[4];
        var rates = new[] { series };
        for (int s = 0; s < 4; s++)
        {
            Array.Clear(one);
            one[s] = 1;
            for (int i = 0; i < _exposureSteps; i++) Rk4Step(one, null, rates, i, 1.0);
            g[s] = one[0] + one[1] + one[2];
        }
        return e.FreeGrowth[dose] = g;
    }
}
