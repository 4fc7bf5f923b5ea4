using MathNet.Numerics.RootFinding;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;

namespace ResLab.Assays;

/// <summary>
/// The standard assay behind <see cref="ResistanceReadout"/>: the MTT assay's biology (<see cref="MttOptions"/>
/// defaults) without its plate noise. A well of a 96-well plate (capacity 3·10⁴ cells) is seeded with 3000 cells of
/// the population's composition (clones and states kept), attaches 24 h drug-free, then sees the drug continuously
/// for 72 h (decaying with its medium half-life, as in every assay); viable cells (not doomed) are read relative to
/// the vehicle well. SF2: the clonogenic assay's biology (<see cref="ClonogenicOptions"/> defaults) at 2 Gy.
/// </summary>
public sealed record ResistanceAssay
{
    public string Drug { get; init; } = "cisplatin";
    public double CellsPerWell { get; init; } = 3000;
    public double WellCapacity { get; init; } = Flask.Well96.Capacity;
    public double AttachHours { get; init; } = 24;
    public double ExposureHours { get; init; } = 72;
    /// <summary>The dose range searched for an IC50 (µM): a population still above half the vehicle at the top has none (+∞).</summary>
    public double MinDose { get; init; } = 1e-4;
    public double MaxDose { get; init; } = 1e5;
    /// <summary>Where the search for the parental IC50 starts (µM; "a few µM", MODEL.md §6).</summary>
    public double FirstGuess { get; init; } = 3;
    /// <summary>Radiation dose of the surviving fraction (Gy).</summary>
    public double RadiationGy { get; init; } = 2;
    /// <summary>Colony growth time (days) and the counted colony size (cells): the clonogenic assay's defaults.</summary>
    public double ColonyDays { get; init; } = 12;
    public long MinColony { get; init; } = 50;

    public static ResistanceAssay Standard => new();
}

/// <summary>A population's resistance: drug IC50 (µM), resistance index (IC50 / parental IC50) and SF2 (surviving fraction at 2 Gy).</summary>
public readonly record struct ResistanceReading(double Ic50, double Ri, double Sf2);

/// <summary>
/// The noise-free resistance readout of a population snapshot: its IC50 in the <see cref="ResistanceAssay"/>, its
/// resistance index against the parental line and its SF2. Pure and deterministic: the expected (mean-field) course of
/// the well, exactly the equations of <see cref="WellModel"/> (per clone the intracellular ODEs and the mean of the
/// four-state branching process, clones coupled by the well's contact inhibition), not a stochastic draw. That is
/// the quantity an assay estimates — a stochastic well adds only demographic noise of CV ≈ 1/√3000 ≈ 2 % that a
/// metric would then carry as spurious variation between replicates — and it needs one integration per dose instead
/// of an average over many wells, so a time series of readouts stays cheap.
///
/// The IC50 is the root of V(c) − ½ in log dose, V(c) = viable(c)/viable(0), bracketed from a guess by growing steps (×1.5,
/// ×2.25, …) and refined by Brent's method. V decreases with the dose through ½ and stays below it (it can rise by
/// ~10⁻⁵ far below, around V ≈ 0.02 in the drifted cells tested; ResistanceReadoutTests checks the single crossing on
/// a dense grid), so "RI ≥ x" is exactly V(x·IC50_parental) ≥ ½: one evaluation at a fixed dose, for which the
/// per-phenotype rate series can be cached (<see cref="Pin"/>). Per phenotype the drug-free steady state, drug-free
/// rates, colony-forming chance and radiation survival are cached for the readout's lifetime. The bounds that settle
/// most "RI ≥ x" readings without integrating the well are in ResistanceReadout.Bounds.cs.
/// </summary>
public sealed partial class ResistanceReadout
{
    private const double Step = WellModel.Step;

    private sealed class Entry
    {
        public required CloneKinetics Kinetics;
        public required IntracellularState Rest;
        public required StateRates Free;
        /// <summary>Chance that a surviving plated cell grows into a counted colony; survival of one cell per state at the radiation dose.</summary>
        public required double ColonyChance;
        public required double[] RadiationSurvival;
        public readonly Dictionary<double, StateRates[]> Pinned = new();
        /// <summary>Per pinned dose: viable cells at the end per cell of each state at the start of the exposure, without contact inhibition.</summary>
        public readonly Dictionary<double, double[]> FreeGrowth = new();
        /// <summary>The same per cell of each state at seeding (attachment included), without contact inhibition.</summary>
        public readonly Dictionary<double, double[]> FreeGrowthFromSeeding = new();
        /// <summary>Drug-free propagators (4×4, row-major) over one piece of the assay at a fixed contact factor: key κ index × 1000 + steps.</summary>
        public readonly Dictionary<int, double[]> DrugFreePiece = new();
    }

    private readonly LineModel _line;
    private readonly Drug _drug;
    private readonly ResistanceAssay _a;
    private readonly int _attachSteps, _exposureSteps;
    private readonly Dictionary<Phenotype, Entry> _entries = new();
    private readonly Dictionary<double, Exposure[]> _exposures = new();
    private readonly HashSet<double> _pinned = new();
    private double? _parental;

    public ResistanceReadout(CellLine line, Catalogue? catalogue = null, ResistanceAssay? assay = null, double? parentalIc50 = null)
        : this(new LineModel(line), catalogue, assay, parentalIc50) { }

    /// <summary>A readout on an already compiled line (a culture's <see cref="Culture.Model"/>: compiling one costs milliseconds).</summary>
    public ResistanceReadout(LineModel line, Catalogue? catalogue = null, ResistanceAssay? assay = null, double? parentalIc50 = null)
    {
        _line = line;
        _a = assay ?? ResistanceAssay.Standard;
        _drug = (catalogue ?? Catalogue.Default).Drug(_a.Drug, new InputLocation(Field: "drug"));
        _attachSteps = (int)Math.Round(_a.AttachHours / Step);
        _exposureSteps = (int)Math.Round(_a.ExposureHours / Step);
        _parental = parentalIc50;
    }

    public ResistanceAssay Assay => _a;
    public LineModel Line => _line;

    /// <summary>The parental line's IC50 (µM): a founder population at its drug-free stationary state; given or computed once.</summary>
    public double ParentalIc50 => _parental ??= Ic50(Population.Seed(_line.Line, 1_000_000));

    /// <summary>Caches every phenotype's rate series at this dose (the fixed doses of "RI ≥ x" tests along a run).</summary>
    public void Pin(double dose)
    {
        if (dose > 0) _pinned.Add(dose);
    }

    /// <summary>Stops caching at this dose and drops what was cached for it (a moving threshold such as max_ri's).</summary>
    public void Unpin(double dose)
    {
        if (!_pinned.Remove(dose)) return;
        _exposures.Remove(dose);
        foreach (var e in _entries.Values)
        {
            e.Pinned.Remove(dose);
            e.FreeGrowth.Remove(dose);
            e.FreeGrowthFromSeeding.Remove(dose);
        }
    }

    /// <summary>IC50, RI and SF2 of a population (NaN for an empty one; IC50 +∞ when above the assay's dose range).</summary>
    public ResistanceReading Read(Population p, double? hint = null)
    {
        double ic = Ic50(p, hint);
        return new ResistanceReading(ic, ic / ParentalIc50, Sf2(p));
    }

    public double Ri(Population p) => Ic50(p, ParentalIc50) / ParentalIc50;

    /// <summary>RI ≥ x, from one evaluation at x·IC50_parental (V crosses ½ once, from above).</summary>
    public bool RiAtLeast(Population p, double x) => RiAtLeast(p, [x])[0];

    /// <summary>
    /// RI ≥ x for each x, on one well for all of them. Most readings of a run answer "not yet", and bounds settle those
    /// without integrating the well: contact inhibition only slows division (κ ≤ 1) and each clone's mean dynamics are
    /// a cooperative linear system, monotone in κ. So the treated well's viable cells are at most their growth without
    /// contact inhibition (a cached 4-vector per phenotype and dose, applied to the seeded cells), and the vehicle's at
    /// least their growth under a floor on κ (<see cref="VehicleFloor"/>). If the first is below ½ of the second, with a
    /// 1 % margin for the integrator's own error (~10⁻⁷ per step at h·rate ≤ 0.1), the answer is no. Otherwise the well
    /// is attached and read in vehicle exactly, the treated bound is retried from the attached cells, and what remains
    /// is integrated exactly. The bounds only ever settle a "no" that the exact reading would give.
    /// </summary>
    public bool[] RiAtLeast(Population p, IReadOnlyList<double> xs)
    {
        var hit = new bool[xs.Count];
        if (p.Total == p.Count(CellState.Doomed)) return hit;
        // First, bounds from the seeded well alone (no integration): treated ≤ its growth without contact inhibition,
        // vehicle ≥ its growth under a contact factor held at a floor per 12-h piece (the floor from a logistic bound
        // on the well's total). "No" for every threshold these settle; the rest are read exactly.
        var open = new List<int>();
        if (UseBound)
        {
            var (major, n0, bMax, minorGrowth) = Screen(p);
            double vehicleFloor = VehicleFloor(major, n0, bMax);
            for (int i = 0; i < xs.Count; i++)
            {
                double dose = xs[i] * ParentalIc50;
                if (_pinned.Contains(dose) && SeededFreeBound(major, dose) + minorGrowth < 0.99 * 0.5 * vehicleFloor) continue;
                open.Add(i);
            }
        }
        else open.AddRange(Enumerable.Range(0, xs.Count));
        if (open.Count == 0) return hit;
        var w = Prepare(p)!;
        double v0 = Viable(w, 0);
        if (!(v0 > 0)) return hit;
        foreach (int i in open)
        {
            double dose = xs[i] * ParentalIc50;
            if (UseBound && _pinned.Contains(dose) && FreeBound(w, dose) < 0.99 * 0.5 * v0) continue;
            hit[i] = Viable(w, dose) / v0 >= 0.5;
        }
        return hit;
    }

    private static StateRates[] SeriesOf(Entry e, double dose, Exposure[] exposure, bool pinned)
    {
        if (e.Pinned.TryGetValue(dose, out var r)) return r;
        r = Series(e, exposure);
        if (pinned) e.Pinned[dose] = r;
        return r;
    }

    /// <summary>Viable cells at dose c relative to the vehicle well (NaN for an empty population).</summary>
    public double Viability(Population p, double dose)
    {
        var w = Prepare(p);
        if (w is null) return double.NaN;
        double v0 = Viable(w, 0);
        return v0 > 0 ? Viable(w, dose) / v0 : double.NaN;
    }

    /// <summary>The dose (µM) at which viable cells are half the vehicle's; <paramref name="hint"/> is where the search starts.</summary>
    public double Ic50(Population p, double? hint = null)
    {
        var w = Prepare(p);
        if (w is null) return double.NaN;
        double v0 = Viable(w, 0);
        if (!(v0 > 0)) return double.NaN;
        var seen = new Dictionary<double, double>();
        double F(double x)
        {
            if (!seen.TryGetValue(x, out var f)) seen[x] = f = Viable(w, Math.Exp(x)) / v0 - 0.5;
            return f;
        }
        double xMin = Math.Log(_a.MinDose), xMax = Math.Log(_a.MaxDose), jump = Math.Log(1.5);
        // The start depends on the arguments only (never on what was computed before), so a reading is reproducible bit for bit.
        double g = Math.Clamp(Math.Log(hint is > 0 and < double.PositiveInfinity ? hint.Value : _a.FirstGuess), xMin, xMax);
        double lo, hi;
        // bracket the root: steps of ×1.5 from the guess, doubling in log each time (×1.5, ×2.25, ×5.1, …)
        if (F(g) > 0)
        {
            lo = g;
            hi = Math.Min(xMax, g + jump);
            while (F(hi) > 0)
            {
                if (hi >= xMax) return double.PositiveInfinity;
                lo = hi;
                jump *= 2;
                hi = Math.Min(xMax, hi + jump);
            }
        }
        else
        {
            hi = g;
            lo = Math.Max(xMin, g - jump);
            while (F(lo) <= 0)
            {
                if (lo <= xMin) return _a.MinDose;
                hi = lo;
                jump *= 2;
                lo = Math.Max(xMin, lo - jump);
            }
        }
        // Brent on log dose to 1e-9 (|V − ½| or half the bracket); bisection if it ever fails to converge.
        if (Brent.TryFindRoot(F, lo, hi, 1e-9, 200, out var root)) return Math.Exp(root);
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (F(mid) > 0) lo = mid; else hi = mid;
        }
        return Math.Exp(0.5 * (lo + hi));
    }

    /// <summary>
    /// Surviving fraction at the assay's radiation dose as a clonogenic assay counts it: Σ n·S·P / Σ n·P over the
    /// non-doomed cells of every clone, S the LQ survival with the clone's modifiers (GSH scavenging at its drug-free
    /// state, the cell state, its DSB-repair trait; <see cref="Radiation"/>), P its chance to grow a colony of ≥ 50
    /// cells in 12 days (Kendall's birth–death law). Plating efficiency cancels.
    /// </summary>
    public double Sf2(Population p)
    {
        double num = 0, den = 0;
        foreach (var c in p.Clones)
        {
            if (c.Total == 0) continue;
            var e = EntryOf(c.Phenotype);
            for (int s = 0; s < 3; s++)
            {
                double n = c.Count((CellState)s) * e.ColonyChance;
                num += n * e.RadiationSurvival[s];
                den += n;
            }
        }
        return den > 0 ? num / den : double.NaN;
    }

    // ------------------------------------------------------------------ the well

    /// <summary>A population put in a well: each clone's cached entry and its cells per state at seeding and after the drug-free attachment (flat, 4 per clone).</summary>
    private sealed class Well(Entry[] entries, double[] seeded)
    {
        public Entry[] Entries { get; } = entries;
        public double[] Seeded { get; } = seeded;
        public double[] Attached { get; set; } = [];
    }

    private Well? Prepare(Population p)
    {
        long total = p.Total;
        if (total == p.Count(CellState.Doomed)) return null; // empty, or nothing left that can grow
        double f = _a.CellsPerWell / total;
        var entries = new List<Entry>();
        var n = new List<double>();
        foreach (var c in p.Clones)
        {
            if (c.Total == 0) continue;
            entries.Add(EntryOf(c.Phenotype));
            n.AddRange([c.Cycling * f, c.Quiescent * f, c.Persister * f, c.Doomed * f]);
        }
        var w = new Well(entries.ToArray(), n.ToArray());
        Attach(w);
        return w;
    }

    private void Attach(Well w)
    {
        var n = (double[])w.Seeded.Clone();
        var free = w.Entries.Select(e => e.Free).ToArray();
        for (int i = 0; i < _attachSteps; i++) Rk4Step(n, free, null, i);
        w.Attached = n;
    }

    private Entry EntryOf(Phenotype phenotype)
    {
        var key = phenotype.Tag == 0 ? phenotype : phenotype.WithTag(0);
        if (_entries.TryGetValue(key, out var e)) return e;
        var k = KineticsOf(key);
        var rest = Kinetics.SteadyState(k, Exposure.DrugFree);
        var (alpha, beta) = BirthDeath.Coefficients(k.DivisionRate, k.BasalDeath, _a.ColonyDays * 24);
        double colony = k.DivisionRate > 0 ? (1 - alpha) * Math.Pow(beta, _a.MinColony - 1) : _a.MinColony <= 1 ? 1 : 0;
        var survival = new double[3];
        for (int s = 0; s < 3; s++)
        {
            double stateMod = s == 1 ? _line.QuiescentRadMod : s == 2 ? _line.PersisterRadMod : 1;
            survival[s] = Radiation.Survival(_line.Alpha, _line.Beta, _a.RadiationGy, Radiation.Modifier(_line, rest.Gsh, double.NaN, stateMod), k.DsbRepair);
        }
        e = new Entry
        {
            Kinetics = k, Rest = rest, Free = Hazards.Rates(k, rest, Exposure.DrugFree, 0), ColonyChance = colony, RadiationSurvival = survival,
        };
        return _entries[key] = e;
    }

    private Exposure[] ExposuresAt(double dose)
    {
        if (_exposures.TryGetValue(dose, out var x)) return x;
        var medium = new Medium();
        medium.Set(_drug, dose, 0);
        x = new Exposure[_exposureSteps];
        for (int i = 0; i < x.Length; i++) x[i] = medium.ExposureAt((i + 0.5) * Step);
        if (_pinned.Contains(dose) || _exposures.Count < 64) _exposures[dose] = x;
        return x;
    }

    /// <summary>A phenotype's rates over the exposure (as <see cref="WellModel"/>: its ODEs from the drug-free steady state, hazards at mid-step).</summary>
    private static StateRates[] Series(Entry e, Exposure[] exposure)
    {
        var rates = new StateRates[exposure.Length];
        var s = e.Rest;
        for (int i = 0; i < rates.Length; i++)
        {
            var end = Kinetics.Step(e.Kinetics, s, exposure[i], Step);
            rates[i] = Hazards.Rates(e.Kinetics, IntracellularState.Mix(s, 1, end, 1), exposure[i], 0);
            s = end;
        }
        return rates;
    }

    /// <summary>Expected viable cells at the end of the assay at dose c (0: the vehicle well), from the attached well.</summary>
    private double Viable(Well w, double dose)
    {
        int m = w.Entries.Length;
        var n = (double[])w.Attached.Clone();
        if (dose <= 0)
        {
            var free = new StateRates[m];
            for (int c = 0; c < m; c++) free[c] = w.Entries[c].Free;
            for (int i = 0; i < _exposureSteps; i++) Rk4Step(n, free, null, i);
        }
        else
        {
            var exposure = ExposuresAt(dose);
            bool pinned = _pinned.Contains(dose);
            var series = new StateRates[m][];
            for (int c = 0; c < m; c++) series[c] = SeriesOf(w.Entries[c], dose, exposure, pinned);
            for (int i = 0; i < _exposureSteps; i++) Rk4Step(n, null, series, i);
        }
        double v = 0;
        for (int j = 0; j < n.Length; j += 4) v += n[j] + n[j + 1] + n[j + 2];
        return v;
    }

    /// <summary>
    /// One step of the well's mean dynamics, <see cref="WellModel"/>'s RK4 written out on locals (the same operations
    /// in the same order, so the same numbers): contact inhibition from the total at the step's start scales division.
    /// </summary>
    private void Rk4Step(double[] n, StateRates[]? constant, StateRates[][]? series, int i, double? fixedContact = null)
    {
        double total = 0;
        for (int j = 0; j < n.Length; j += 4) total += n[j] + n[j + 1] + n[j + 2] + n[j + 3];
        double contact = fixedContact ?? (double.IsPositiveInfinity(_a.WellCapacity) ? 1 : Math.Max(0, 1 - total / _a.WellCapacity));
        const double h = Step;
        for (int c = 0, j = 0; j < n.Length; c++, j += 4)
        {
            ref readonly StateRates r = ref constant is not null ? ref constant[c] : ref series![c][i];
            double bc = r.DivideCycling * contact, bp = r.DividePersister * contact;
            double a00 = bc - r.DeathCycling - r.CyclingToQuiescent - r.CyclingToPersister, a01 = r.QuiescentToCycling, a02 = r.PersisterToCycling;
            double a10 = r.CyclingToQuiescent, a11 = r.DeathQuiescent + r.QuiescentToCycling;
            double a20 = r.CyclingToPersister, a22 = bp - r.DeathPersister - r.PersisterToCycling, a33 = r.DeathDoomed;
            double x0 = n[j], x1 = n[j + 1], x2 = n[j + 2], x3 = n[j + 3];
            double k10 = a00 * x0 + a01 * x1 + a02 * x2, k11 = a10 * x0 - a11 * x1, k12 = a20 * x0 + a22 * x2, k13 = -a33 * x3;
            double y0 = x0 + h / 2 * k10, y1 = x1 + h / 2 * k11, y2 = x2 + h / 2 * k12, y3 = x3 + h / 2 * k13;
            double k20 = a00 * y0 + a01 * y1 + a02 * y2, k21 = a10 * y0 - a11 * y1, k22 = a20 * y0 + a22 * y2, k23 = -a33 * y3;
            y0 = x0 + h / 2 * k20; y1 = x1 + h / 2 * k21; y2 = x2 + h / 2 * k22; y3 = x3 + h / 2 * k23;
            double k30 = a00 * y0 + a01 * y1 + a02 * y2, k31 = a10 * y0 - a11 * y1, k32 = a20 * y0 + a22 * y2, k33 = -a33 * y3;
            y0 = x0 + h * k30; y1 = x1 + h * k31; y2 = x2 + h * k32; y3 = x3 + h * k33;
            double k40 = a00 * y0 + a01 * y1 + a02 * y2, k41 = a10 * y0 - a11 * y1, k42 = a20 * y0 + a22 * y2, k43 = -a33 * y3;
            n[j] = Math.Max(0, x0 + h / 6 * (k10 + 2 * k20 + 2 * k30 + k40));
            n[j + 1] = Math.Max(0, x1 + h / 6 * (k11 + 2 * k21 + 2 * k31 + k41));
            n[j + 2] = Math.Max(0, x2 + h / 6 * (k12 + 2 * k22 + 2 * k32 + k42));
            n[j + 3] = Math.Max(0, x3 + h / 6 * (k13 + 2 * k23 + 2 * k33 + k43));
        }
    }
}
