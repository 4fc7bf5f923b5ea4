using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation.Random;

namespace ResLab.Simulation;

/// <summary>
/// The stochastic engine: a population of clones growing in a flask, advanced in time and acted on (drugs, medium,
/// radiation, passaging). Usable directly from code (the virtual assays drive one step by step) or through a protocol.
/// Each step integrates every clone's intracellular ODEs, then draws its fates: clones of at most
/// <see cref="EngineSettings.ExactThreshold"/> cells event by event (exact SSA, so that extinction and first mutants
/// are right), larger ones with the exact birth–death kernel per state and Strang-split state switching; mutant
/// daughters found clones (or join the clone of the same phenotype). Cost grows with the number of clones, not cells,
/// and <see cref="CoarseGraining"/> bounds the number of clones independently of the cell number.
/// Every random draw comes from a stream keyed by (seed, replicate, purpose, clone, step): results do not depend on
/// the order of work or the thread count.
/// </summary>
public sealed class Culture
{
    private readonly List<Clone> _clones = new();
    private readonly Dictionary<Phenotype, Clone> _byPhenotype = new();
    private readonly Dictionary<Phenotype, CloneKinetics> _kinetics = new();
    private readonly List<CloneRecord> _records = new();
    private readonly List<CultureEvent> _events = new();
    private readonly List<TimePoint> _series = new();
    private readonly Catalogue _catalogue;
    private long _step;
    private long _eventIndex;
    private int _nextId;
    private double _nextRecord;
    private double _nextMerge;
    private bool _budgetReached;
    private long _foldedSinceMerge;
    private Dictionary<long, long>? _classTotals;
    /// <summary>The phenotypes whose entry in the phenotype index changed, in order (a clone joined or left the working
    /// set): clones bring their target caches up to date by reading only the entries added since they last looked.</summary>
    private readonly List<Phenotype> _membership = new();
    private double _foldedExpected;
    /// <summary>Adaptive stepping: the next step's length in drug-free medium, whether the hazards of the previous step
    /// can be compared with the next (false after an action), that step's length and contact factor, and the culture's
    /// net growth rate (1/h) over it, which predicts the density at the middle of the next step.</summary>
    private double _nextLeap;
    private bool _rateHistory;
    private double _lastH = 1, _lastContact = 1, _growthRate;

    public LineModel Model { get; }
    public Flask Flask { get; set; }
    public Medium Medium { get; } = new();
    public EngineSettings Settings { get; }
    public ulong Seed { get; }
    public ulong Replicate { get; }
    public double Time { get; private set; }
    public double CumulativeDoseGy { get; private set; }
    public int Fractions { get; private set; }
    public int Passages { get; private set; }
    /// <summary>Cells moved by coarse-graining so far: minor mutant batches folded into a living clone, and merged clones' cells.</summary>
    public long CoarseGrainedCells { get; private set; }
    /// <summary>Clones merged into a neighbour by coarse-graining so far.</summary>
    public int MergedClones { get; private set; }
    /// <summary>Expected number of mutant daughters of large clones kept in their parent by coarse-graining so far
    /// (minor targets with no living clone are not drawn; <see cref="CoarseGrainedCells"/> counts the realised ones).</summary>
    public double FoldedMutantsExpected { get; private set; }

    public IReadOnlyList<CultureEvent> Events => _events;
    public IReadOnlyList<TimePoint> Series => _series;
    public IReadOnlyList<CloneRecord> Lineage => _records;

    public Culture(Population start, Flask flask, EngineSettings? settings = null, ulong seed = 1, ulong replicate = 0, Catalogue? catalogue = null)
    {
        Model = new LineModel(start.Line);
        Flask = flask;
        Settings = settings ?? new EngineSettings();
        Settings.CoarseGraining.Validate();
        Seed = seed;
        Replicate = replicate;
        Time = start.TimeHours;
        _catalogue = catalogue ?? Catalogue.Default;
        _nextRecord = Time;
        _nextMerge = Time + Settings.CoarseGraining.Every;
        if (!(Settings.MaxStep > 0) || !(Settings.MaxLeap > 0) || !double.IsFinite(Settings.MaxLeap))
            throw new ArgumentOutOfRangeException(nameof(settings), $"steps: MaxStep {Settings.MaxStep} h and MaxLeap {Settings.MaxLeap} h must be positive and finite");
        if (!(Settings.LeapTolerance > 0)) throw new ArgumentOutOfRangeException(nameof(settings), Settings.LeapTolerance, "the leap tolerance must be positive");
        _nextLeap = Settings.MaxStep;
        foreach (var pc in start.Clones)
        {
            var c = NewClone(pc.Phenotype, pc.ParentId, pc.BornHours, pc.State, pc.Id);
            c.Seeded = true;
            c.Counts[0] = pc.Cycling; c.Counts[1] = pc.Quiescent; c.Counts[2] = pc.Persister; c.Counts[3] = pc.Doomed;
            Record(c).PeakCount = c.Total;
        }
        _nextId = Math.Max(_nextId, start.Clones.Count == 0 ? 1 : start.Clones.Max(c => c.Id) + 1);
    }

    // ------------------------------------------------------------------ state

    public long TotalCells
    {
        get { long n = 0; foreach (var c in _clones) n += c.Total; return n; }
    }

    public long Count(CellState s)
    {
        long n = 0;
        foreach (var c in _clones) n += c.Counts[(int)s];
        return n;
    }

    /// <summary>Steps taken so far (1 h under a drug, up to <see cref="EngineSettings.MaxLeap"/> in drug-free medium).</summary>
    public long Steps => _step;

    public double Confluence => double.IsPositiveInfinity(Flask.Capacity) ? 0 : TotalCells / Flask.Capacity;
    public int ClonesAlive => _clones.Count;
    public bool Extinct => _clones.Count == 0;

    private static CloneRecord Record(Clone c) => c.Record;

    private CloneKinetics KineticsOf(Phenotype p)
    {
        if (!_kinetics.TryGetValue(p, out var k)) _kinetics[p] = k = CloneKinetics.For(Model, p);
        return k;
    }

    private Clone NewClone(Phenotype p, int parent, double born, IntracellularState state, int? id = null)
    {
        var k = KineticsOf(p);
        var c = new Clone { Id = id ?? _nextId++, ParentId = parent, Born = born, Phenotype = p, Kinetics = k, State = state };
        _clones.Add(c);
        _byPhenotype.TryAdd(p, c);
        _membership.Add(p);
        c.Record = new CloneRecord(c.Id, parent, born, p, 0) { Log2Traits = k.Log2.ToArray(), DoublingTimeHours = k.DoublingTime() };
        _records.Add(c.Record);
        return c;
    }

    /// <summary>Adds <paramref name="cells"/> cycling cells of phenotype <paramref name="p"/> born from <paramref name="parent"/>: to the living clone of that phenotype, or a new clone.</summary>
    private void AddMutants(Clone parent, Phenotype p, long cells, Clone? known)
    {
        if (cells <= 0) return;
        var existing = known;
        if (existing is not null || _byPhenotype.TryGetValue(p, out existing) || (existing = FoldTarget(parent, p, cells)) is not null)
        {
            if (!ReferenceEquals(existing, parent))
            {
                existing.State = IntracellularState.Mix(existing.State, existing.Total, parent.State, cells);
                existing.AtRest = false;
            }
            existing.Counts[0] += cells;
            return;
        }
        var c = NewClone(p, parent.Id, Time, parent.State);
        c.Counts[0] = cells;
        _records[^1] = c.Record = c.Record with { FounderCount = cells };
        c.Record.PeakCount = cells;
    }

    // ------------------------------------------------------------------ time

    /// <summary>Advances to time <paramref name="t"/> (h) in steps of at most <see cref="EngineSettings.MaxStep"/> (under a
    /// drug) or the adaptive leap (drug-free medium, at most <see cref="EngineSettings.MaxLeap"/>), recording the series.</summary>
    public void AdvanceTo(double t)
    {
        RecordIfDue();
        while (Time < t - 1e-9)
        {
            double h = Math.Min(StepLimit(), t - Time);
            if (_nextRecord > Time + 1e-9) h = Math.Min(h, _nextRecord - Time);
            // a leap never skips a merge pass
            if (h > Settings.MaxStep && Settings.CoarseGraining.Enabled) h = Math.Max(Settings.MaxStep, Math.Min(h, _nextMerge - Time));
            Step(h);
            RecordIfDue();
            if (Extinct) { Time = Math.Max(Time, t); break; }
        }
    }

    public void Advance(double hours) => AdvanceTo(Time + hours);

    /// <summary>The longest leap (never shorter than a plain step).</summary>
    private double LeapLimit => Math.Max(Settings.MaxLeap, Settings.MaxStep);

    /// <summary>The longest next step: the leap in drug-free medium, else <see cref="EngineSettings.MaxStep"/>.</summary>
    private double StepLimit() => LeapLimit > Settings.MaxStep && Medium.ExposureAt(Time).IsDrugFree ? _nextLeap : Settings.MaxStep;

    /// <summary>After an action that changes the hazards discontinuously: short steps until their trend is known again.</summary>
    private void ResetLeap()
    {
        _rateHistory = false;
        _nextLeap = Settings.MaxStep;
    }

    /// <summary>How fast a clone's per-cell hazards change (per hour, as a fraction of its division rate) between the
    /// previous step and this one; density is left out (the contact factor is divided out: the predicted midpoint
    /// density takes care of it).</summary>
    private double RateChange(Clone c, in StateRates now, double contact)
    {
        var p = c.LastRates;
        double d = Math.Abs(now.DeathCycling - p.DeathCycling) + Math.Abs(now.DeathQuiescent - p.DeathQuiescent)
                 + Math.Abs(now.DeathPersister - p.DeathPersister) + Math.Abs(now.CyclingToPersister - p.CyclingToPersister)
                 + Math.Abs(now.CyclingToQuiescent - p.CyclingToQuiescent) + Math.Abs(now.QuiescentToCycling - p.QuiescentToCycling)
                 + Math.Abs(now.PersisterToCycling - p.PersisterToCycling);
        if (contact > 1e-6 && _lastContact > 1e-6) d += Math.Abs(now.DivideCycling / contact - p.DivideCycling / _lastContact);
        return d / (Math.Max(c.Kinetics.DivisionRate, 1e-3) * _lastH);
    }

    /// <summary>Mutant batches of the step: parent, target phenotype, cells, and the target's living clone if known.</summary>
    private readonly List<(Clone Parent, Phenotype Target, long Cells, Clone? Into)> _pending = new();

    private void Step(double h)
    {
        long cellsAtStart = TotalCells;
        // density at the middle of the step, predicted from the last step's net growth (second order in h)
        double density = double.IsPositiveInfinity(Flask.Capacity) ? 0 : cellsAtStart / Flask.Capacity * Math.Exp(_growthRate * h / 2);
        double contact = Math.Max(0, 1 - density);
        double fastest = 0, growth = 0;
        bool compared = false;
        int odeSteps = Math.Max(1, (int)Math.Ceiling(h / MaxOdeStep - 1e-9));
        var exposure = Medium.ExposureAt(Time + h / 2);
        bool drugFree = exposure.IsDrugFree;
        _pending.Clear();
        // class sizes at the start of the step: the yardstick of "minor" for this step's mutants
        _classTotals = Settings.CoarseGraining.Enabled && _clones.Count >= Settings.CoarseGraining.MaxClones ? ClassTotals() : null;
        foreach (var c in _clones)
        {
            var start = c.State;
            IntracellularState mid;
            if (c.AtRest && drugFree)
            {
                mid = start;
            }
            else
            {
                var end = Kinetics.Step(c.Kinetics, start, exposure, h, odeSteps);
                mid = IntracellularState.Mix(start, 1, end, 1);
                c.AtRest = drugFree && Same(start, end);
                c.State = end;
            }
            StateRates rates;
            if (c.AtRest && drugFree)
            {
                // at rest only the contact factor of division changes: the hazards are cached at zero density
                if (!c.RestRatesKnown) { c.RestRates = Hazards.Rates(c.Kinetics, mid, exposure, 0); c.RestRatesKnown = true; }
                rates = c.RestRates;
                rates.DivideCycling *= contact;
                rates.DividePersister *= contact;
            }
            else rates = Hazards.Rates(c.Kinetics, mid, exposure, density);
            if (!Settings.StateSwitching)
            {
                rates.CyclingToQuiescent = rates.CyclingToPersister = rates.QuiescentToCycling = rates.PersisterToCycling = 0;
            }
            if (_rateHistory && c.RatesStep == _step - 1)
            {
                fastest = Math.Max(fastest, RateChange(c, rates, contact));
                compared = true;
            }
            var n = c.Counts;
            growth += n[0] * (rates.DivideCycling - rates.DeathCycling) - n[1] * rates.DeathQuiescent
                    + n[2] * (rates.DividePersister - rates.DeathPersister) - n[3] * rates.DeathDoomed;
            c.LastRates = rates;
            c.RatesStep = _step;
            var rng = new RandomStream(Seed, Replicate, StreamPurpose.Fates, (ulong)c.Id, (ulong)_step);
            if (c.Total <= Settings.ExactThreshold) ExactStep(c, rates, h, ref rng);
            else LeapStep(c, rates, h, ref rng);
        }
        foreach (var (parent, target, cells, into) in _pending) AddMutants(parent, target, cells, into);
        Time += h;
        _step++;
        // leap condition (Cao, Gillespie & Petzold 2006): the next step may change no clone's hazards by more than the
        // tolerance; it grows at most twofold per step, and stays short until two steps can be compared
        double leap = compared ? (fastest > 0 ? Settings.LeapTolerance / fastest : LeapLimit) : Settings.MaxStep;
        _nextLeap = Math.Clamp(Math.Min(leap, 2 * Math.Max(h, Settings.MaxStep)), Settings.MaxStep, LeapLimit);
        _rateHistory = true;
        _lastH = h;
        _lastContact = contact;
        _growthRate = cellsAtStart > 0 ? growth / cellsAtStart : 0;
        Prune();
        CoarseGrain();
    }

    /// <summary>Longest step of the intracellular ODEs within a leap (h): the 1-h steps of the fixed-step engine, so a
    /// leap saves the fates' work but not the ODEs' accuracy (right after a pulse, while cisplatin washes out, 4-h ODE
    /// steps were 4.6 % off in adducts and 2-h steps 1.2 %, against 0.3 % for 1 h; AdaptiveStepTests).</summary>
    private const double MaxOdeStep = 1;

    /// <summary>At rest: no component moved by more than 1e-9 of its size over the step, with a floor of 1e-9 units for
    /// the components that decay to zero in drug-free medium (cisplatin, adducts, DSBs: 1e-9 of them changes no hazard
    /// measurably; a stricter test kept decaying adducts "moving" for hundreds of hours).</summary>
    private static bool Same(in IntracellularState a, in IntracellularState b)
    {
        static bool C(double x, double y) => Math.Abs(x - y) <= 1e-9 * Math.Max(1, Math.Abs(x));
        return C(a.Cisplatin, b.Cisplatin) && C(a.Adducts, b.Adducts) && C(a.Gsh, b.Gsh) && C(a.Ros, b.Ros) && C(a.Dsb, b.Dsb)
               && C(a.GlutathioneTotal, b.GlutathioneTotal) && C(a.Ctr1, b.Ctr1);
    }

    /// <summary>Mutation tables by phenotype: a 10^12-cell flask founds and merges away clones of the same few hundred
    /// phenotypes over and over, and building a table (~40 daughter phenotypes) was 7 % of its time.</summary>
    private readonly Dictionary<Phenotype, MutationTable> _tables = new();

    private MutationTable Mutations(Clone c)
    {
        if (c.Mutations is { } t) return t;
        if (!_tables.TryGetValue(c.Phenotype, out t)) _tables[c.Phenotype] = t = new MutationTable(Model, c.Phenotype, Settings.Evolution);
        return c.Mutations = t;
    }

    /// <summary>Exact event-by-event simulation over h with the step's rates (Gillespie's direct method).</summary>
    private void ExactStep(Clone c, in StateRates r, double h, ref RandomStream rng)
    {
        var n = c.Counts;
        var table = Mutations(c);
        double t = 0;
        // per-cell total rates of each state
        double rc = r.DivideCycling + r.DeathCycling + r.CyclingToQuiescent + r.CyclingToPersister;
        double rq = r.DeathQuiescent + r.QuiescentToCycling;
        double rp = r.DividePersister + r.DeathPersister + r.PersisterToCycling;
        double rd = r.DeathDoomed;
        while (true)
        {
            double a0 = n[0] * rc + n[1] * rq + n[2] * rp + n[3] * rd;
            if (a0 <= 0) break;
            t += rng.NextExponential() / a0;
            if (t > h) break;
            double u = rng.NextDouble() * a0;
            if ((u -= n[0] * rc) < 0)
            {
                double v = (u + n[0] * rc) / n[0];
                if (v < r.DivideCycling) Divide(c, 0, table, r, h - t, ref rng);
                else if ((v -= r.DivideCycling) < r.DeathCycling) n[0]--;
                else if ((v -= r.DeathCycling) < r.CyclingToQuiescent) { n[0]--; n[1]++; }
                else { n[0]--; n[2]++; }
            }
            else if ((u -= n[1] * rq) < 0)
            {
                double v = (u + n[1] * rq) / n[1];
                n[1]--;
                if (v >= r.DeathQuiescent) n[0]++;
            }
            else if ((u -= n[2] * rp) < 0)
            {
                double v = (u + n[2] * rp) / n[2];
                if (v < r.DividePersister) Divide(c, 2, table, r, h - t, ref rng);
                else if ((v -= r.DividePersister) < r.DeathPersister) n[2]--;
                else { n[2]--; n[0]++; }
            }
            else if (n[3] > 0) n[3]--;
        }
    }

    private void Divide(Clone c, int state, MutationTable table, in StateRates r, double remaining, ref RandomStream rng)
    {
        if (table.Total > 0 && rng.NextDouble() < table.Total)
        {
            // one daughter carries a heritable change and founds (or joins) its clone; the other stays. The daughter
            // joins at the end of the step, so its growth over the rest of the step is drawn now.
            double u = rng.NextDouble() * table.Total;
            int k = 0;
            while (k < table.Rates.Length - 1 && (u -= table.Rates[k]) >= 0) k++;
            long cells = BirthDeath.Sample(ref rng, 1, r.DivideCycling, r.DeathCycling, remaining);
            if (cells > 0) _pending.Add((c, table.Targets[k], cells, null));
            return;
        }
        c.Counts[state]++;
    }

    /// <summary>Large clones: Strang splitting of state switching around the exact birth–death kernel of each state.</summary>
    private void LeapStep(Clone c, in StateRates r, double h, ref RandomStream rng)
    {
        var n = c.Counts;
        Switch(n, r, h / 2, ref c.Switching, ref rng);
        n[0] = BirthDeath.Sample(ref rng, n[0], r.DivideCycling, r.DeathCycling, h, out double cyclingDivisions);
        n[1] = BirthDeath.Sample(ref rng, n[1], 0, r.DeathQuiescent, h);
        n[2] = BirthDeath.Sample(ref rng, n[2], r.DividePersister, r.DeathPersister, h, out double persisterDivisions);
        n[3] = BirthDeath.Sample(ref rng, n[3], 0, r.DeathDoomed, h);
        var table = Mutations(c);
        if (table.Total > 0)
        {
            double divisions = cyclingDivisions + persisterDivisions;
            var into = TargetClones(c, table);
            double total = table.Total;
            Span<double> drawn = stackalloc double[table.Rates.Length];
            ReadOnlySpan<double> rates = drawn;
            if (!FoldMinorTargets(c, table, into, divisions, drawn, ref total)) rates = table.Rates;
            long mutants = Math.Min(Samplers.Poisson(ref rng, total * divisions), n[0]);
            if (mutants > 0)
            {
                Span<long> split = stackalloc long[rates.Length];
                Samplers.Multinomial(ref rng, mutants, rates, split);
                for (int k = 0; k < split.Length; k++)
                {
                    if (split[k] == 0) continue;
                    // a batch that founds a clone or joins a small one grows over the rest of the step from its birth
                    var dest = into[k];
                    long cells = dest is null || dest.Total <= Settings.ExactThreshold ? GrowBorn(ref rng, split[k], r, h) : split[k];
                    if (cells > 0) _pending.Add((c, table.Targets[k], cells, dest));
                }
                n[0] -= mutants;
            }
        }
        Switch(n, r, h / 2, ref c.Switching, ref rng);
    }

    /// <summary>Largest mutant batch whose members' birth times are drawn one by one (larger batches: at the step's middle).</summary>
    private const int BornOneByOne = 32;

    /// <summary>
    /// Cells at the end of a step of length h descended from <paramref name="m"/> mutant daughters born during it: each
    /// is born at a time u with density ∝ e^{λu} (the parent's divisions; λ its cycling net growth rate) and grows with
    /// the parent's cycling rates over h − u (birth–death kernel). Their own switching and mutation in that remainder
    /// are left out. Batches above <see cref="BornOneByOne"/> grow from the middle of the step.
    /// </summary>
    private static long GrowBorn(ref RandomStream rng, long m, in StateRates r, double h)
    {
        double b = r.DivideCycling, d = r.DeathCycling, lambda = b - d;
        if (m > BornOneByOne) return BirthDeath.Sample(ref rng, m, b, d, h / 2);
        long cells = 0;
        for (long i = 0; i < m; i++)
        {
            double v = rng.NextDouble();
            double u = Math.Abs(lambda * h) < 1e-9 ? v * h : Math.Log(1 + v * Expm1(lambda * h)) / lambda;
            cells += BirthDeath.Sample(ref rng, 1, b, d, Math.Max(0, h - u));
        }
        return cells;
    }

    /// <summary>State switching over h: each state's leavers ~ Binomial(n, 1 − e^{−Σ h}), split by their rates.</summary>
    private static void Switch(long[] n, in StateRates r, double h, ref SwitchProbabilities cache, ref RandomStream rng)
    {
        double outC = r.CyclingToQuiescent + r.CyclingToPersister;
        long toQ = 0, toP = 0, qToC = 0, pToC = 0;
        if (outC > 0 && n[0] > 0)
        {
            long leave = Samplers.Binomial(ref rng, n[0], cache.Out.Probability(outC, h));
            toQ = Samplers.Binomial(ref rng, leave, r.CyclingToQuiescent / outC);
            toP = leave - toQ;
        }
        if (r.QuiescentToCycling > 0 && n[1] > 0) qToC = Samplers.Binomial(ref rng, n[1], cache.FromQuiescent.Probability(r.QuiescentToCycling, h));
        if (r.PersisterToCycling > 0 && n[2] > 0) pToC = Samplers.Binomial(ref rng, n[2], cache.FromPersister.Probability(r.PersisterToCycling, h));
        n[0] += qToC + pToC - toQ - toP;
        n[1] += toQ - qToC;
        n[2] += toP - pToC;
    }

    /// <summary>P(leave within h) = 1 − e^{−rate·h} of the last (rate, h) asked: the two half-steps of a step, and
    /// consecutive steps at constant rates, ask the same.</summary>
    internal struct LeaveProbability
    {
        private double _rate, _h, _p;

        public double Probability(double rate, double h)
        {
            if (rate != _rate || h != _h) { _rate = rate; _h = h; _p = -Expm1(-rate * h); }
            return _p;
        }
    }

    /// <summary>The switching probabilities a clone last used (cycling out, quiescent and persister back).</summary>
    internal struct SwitchProbabilities
    {
        public LeaveProbability Out, FromQuiescent, FromPersister;
    }

    /// <summary>e^x − 1 without cancellation for small |x|.</summary>
    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x * (1 + x / 2 * (1 + x / 3)) : Math.Exp(x) - 1;

    private void Prune()
    {
        int w = 0;
        for (int i = 0; i < _clones.Count; i++)
        {
            var c = _clones[i];
            long total = c.Total;
            var rec = c.Record;
            if (total > rec.PeakCount) rec.PeakCount = total;
            if (total == 0)
            {
                rec.ExtinctHours = Time;
                rec.FinalCount = 0;
                if (_byPhenotype.TryGetValue(c.Phenotype, out var x) && ReferenceEquals(x, c)) _byPhenotype.Remove(c.Phenotype);
                _membership.Add(c.Phenotype);
                continue;
            }
            _clones[w++] = c;
        }
        _clones.RemoveRange(w, _clones.Count - w);
    }

    // ------------------------------------------------------------------ coarse-graining

    private Dictionary<long, long> ClassTotals()
    {
        var t = new Dictionary<long, long>();
        foreach (var c in _clones)
        {
            long k = CoarseGraining.ClassOf(c.Phenotype);
            t[k] = t.GetValueOrDefault(k) + c.Total;
        }
        return t;
    }

    /// <summary>
    /// Where a mutant batch whose phenotype has no living clone goes when the working set is at its budget and the
    /// batch is minor in its class: its parent (drift and copy gains stay in the class; the parent is the nearest
    /// living clone on the drift lattice), or for a discrete mutation into an existing class that class's nearest
    /// living clone. Null: found a clone (room in the budget, a new class, or a batch that is not minor).
    /// </summary>
    private Clone? FoldTarget(Clone parent, Phenotype p, long cells)
    {
        var cg = Settings.CoarseGraining;
        if (!cg.Enabled || _clones.Count < cg.MaxClones) return null;
        long cls = CoarseGraining.ClassOf(p);
        _classTotals ??= ClassTotals();
        if (!_classTotals.TryGetValue(cls, out long classTotal) || cells > cg.MaxShare * classTotal) return null;
        var into = CoarseGraining.ClassOf(parent.Phenotype) == cls ? parent : Nearest(KineticsOf(p).Log2, cls, null);
        if (into is null) return null;
        _budgetReached = true;
        _foldedSinceMerge += cells;
        CoarseGrainedCells += cells;
        return into;
    }

    /// <summary>The living clone of each mutation target of <paramref name="c"/>, kept up to date from the membership log
    /// (a 10^12-cell flask changes its membership every step; re-reading every target then cost 4 % of its time).</summary>
    private Clone?[] TargetClones(Clone c, MutationTable table)
    {
        var into = c.TargetClones ??= new Clone?[table.Targets.Length];
        int now = _membership.Count;
        if (c.TargetsVersion == now) return into;
        if (c.TargetsVersion < 0 || !table.UniqueTargets || now - c.TargetsVersion > into.Length)
        {
            for (int k = 0; k < into.Length; k++) into[k] = _byPhenotype.GetValueOrDefault(table.Targets[k]);
        }
        else
        {
            for (int i = (int)c.TargetsVersion; i < now; i++)
                if (table.IndexOf.TryGetValue(_membership[i], out int k)) into[k] = _byPhenotype.GetValueOrDefault(table.Targets[k]);
        }
        c.TargetsVersion = now;
        return into;
    }

    /// <summary>
    /// Large clones at the budget: a target of the parent's own class with no living clone whose expected batch this
    /// step is minor (≤ <see cref="CoarseGraining.MaxShare"/> of the class) is not drawn — its daughters would join the
    /// parent (see <see cref="FoldTarget"/>), which is the same in law as not drawing them. Writes the rates to draw
    /// into <paramref name="drawn"/> and returns false when nothing is left out (the table is then used as it is).
    /// </summary>
    private bool FoldMinorTargets(Clone c, MutationTable table, Clone?[] into, double divisions, Span<double> drawn, ref double total)
    {
        var cg = Settings.CoarseGraining;
        if (!cg.Enabled || _clones.Count < cg.MaxClones) return false;
        long cls = CoarseGraining.ClassOf(c.Phenotype);
        _classTotals ??= ClassTotals();
        double minor = cg.MaxShare * _classTotals.GetValueOrDefault(cls);
        double left = 0, kept = 0;
        bool any = false;
        for (int k = 0; k < drawn.Length; k++)
        {
            double rk = table.Rates[k];
            if (into[k] is null && rk * divisions <= minor && table.TargetClasses[k] == cls) { drawn[k] = 0; left += rk; any = true; }
            else { drawn[k] = rk; kept += rk; }
        }
        if (!any) return false;
        _budgetReached = true;
        _foldedExpected += left * divisions;
        FoldedMutantsExpected += left * divisions;
        total = kept;
        return true;
    }

    /// <summary>x ranks above c: more cells, or as many and an older id (a strict order, so merges never cycle).</summary>
    private static bool Outranks(Clone x, Clone c) => x.Total > c.Total || (x.Total == c.Total && x.Id < c.Id);

    /// <summary>The living clone of class <paramref name="cls"/> nearest to <paramref name="log2"/> (ties: larger, then older),
    /// if it is within <see cref="CoarseGraining.MaxDistance"/>; with <paramref name="below"/>, only clones that outrank it.</summary>
    private Clone? Nearest(double[] log2, long cls, Clone? below, HashSet<Clone>? gone = null)
    {
        Clone? best = null;
        double bestD = double.PositiveInfinity;
        foreach (var x in _clones)
        {
            if (x.Total == 0 || ReferenceEquals(x, below) || CoarseGraining.ClassOf(x.Phenotype) != cls) continue;
            if (below is not null && !Outranks(x, below)) continue;
            if (gone is not null && gone.Contains(x)) continue;
            double d = CoarseGraining.Distance(log2, x.Kinetics.Log2);
            if (best is null || d < bestD || (d == bestD && Outranks(x, best))) { best = x; bestD = d; }
        }
        // only a neighbour: cells never jump further than one heritable step
        return bestD <= Settings.CoarseGraining.MaxDistance ? best : null;
    }

    /// <summary>
    /// The merge pass, every <see cref="CoarseGraining.Every"/> hours once the budget was reached: minor clones
    /// (at most <see cref="CoarseGraining.MaxShare"/> of their class, not their class's largest, not seeded), smallest
    /// first, join their nearest larger clone of the same class — cells per state added, intracellular states mixed by
    /// cell number, the absorber's phenotype kept (the count-weighted mean of each trait, rounded to the nearer of the
    /// two values, is the larger clone's) — until <see cref="CoarseGraining.Retain"/> of the budget is left. The
    /// order is canonical (sizes, then ids), so results do not depend on anything but the state.
    /// </summary>
    private void CoarseGrain()
    {
        var cg = Settings.CoarseGraining;
        if (!cg.Enabled) return;
        if (_clones.Count >= cg.MaxClones) _budgetReached = true;
        if (Time + 1e-9 < _nextMerge) return;
        while (_nextMerge <= Time + 1e-9) _nextMerge += cg.Every;
        if (!_budgetReached) return;
        _budgetReached = false;
        int target = Math.Max(1, (int)(cg.MaxClones * cg.Retain));
        int merged = 0;
        long cells = 0;
        if (_clones.Count > target)
        {
            var totals = ClassTotals();
            var largest = new Dictionary<long, Clone>();
            foreach (var c in _clones)
            {
                long k = CoarseGraining.ClassOf(c.Phenotype);
                if (!largest.TryGetValue(k, out var l) || Outranks(c, l)) largest[k] = c;
            }
            bool Minor(Clone c) => !c.Seeded && c.Total <= cg.MaxShare * totals[CoarseGraining.ClassOf(c.Phenotype)];
            var candidates = _clones.Where(c => Minor(c) && !ReferenceEquals(largest[CoarseGraining.ClassOf(c.Phenotype)], c))
                .OrderBy(c => c.Total).ThenBy(c => c.Id).ToList();
            var gone = new HashSet<Clone>(ReferenceEqualityComparer.Instance);
            int alive = _clones.Count;
            foreach (var c in candidates)
            {
                if (alive <= target) break;
                if (!Minor(c)) continue; // it grew by absorbing smaller ones
                var into = Nearest(c.Kinetics.Log2, CoarseGraining.ClassOf(c.Phenotype), c, gone);
                if (into is null) continue;
                cells += c.Total;
                Merge(c, into);
                gone.Add(c);
                alive--;
                merged++;
            }
            if (merged > 0) _clones.RemoveAll(gone.Contains);
        }
        if (merged > 0 || _foldedSinceMerge > 0 || _foldedExpected > 0)
            Log("coarse_grain", $"merged {merged} minor clones ({cells} cells); {_foldedSinceMerge} minor mutant cells joined living clones, "
                              + $"~{_foldedExpected:F0} expected minor mutant daughters kept in their parents", merged);
        MergedClones += merged;
        CoarseGrainedCells += cells;
        _foldedSinceMerge = 0;
        _foldedExpected = 0;
    }

    private void Merge(Clone c, Clone into)
    {
        _membership.Add(c.Phenotype);
        into.State = IntracellularState.Mix(into.State, into.Total, c.State, c.Total);
        for (int s = 0; s < CellStates.Count; s++) { into.Counts[s] += c.Counts[s]; c.Counts[s] = 0; }
        into.AtRest = false;
        var rec = Record(c);
        rec.MergedInto = into.Id;
        rec.MergedHours = Time;
        rec.FinalCount = 0;
        var ri = Record(into);
        if (into.Total > ri.PeakCount) ri.PeakCount = into.Total;
        if (_byPhenotype.TryGetValue(c.Phenotype, out var x) && ReferenceEquals(x, c)) _byPhenotype.Remove(c.Phenotype);
    }

    // ------------------------------------------------------------------ actions

    private void Log(string kind, string detail, double value) => _events.Add(new CultureEvent(Time, kind, detail, value));

    /// <summary>Sets a drug's concentration in fresh medium (µM).</summary>
    public void SetDrug(string drug, double micromolar, string? note = null)
    {
        var d = _catalogue.Drug(drug);
        Medium.Set(d, micromolar, Time);
        WakeAll();
        ResetLeap();
        Log("drug", note ?? $"{d.Name} {micromolar:G6} uM", micromolar);
    }

    public void RemoveDrug(string drug)
    {
        Medium.Remove(drug, Time);
        WakeAll();
        ResetLeap();
        Log("remove_drug", drug, 0);
    }

    public void ChangeMedium()
    {
        bool drugFree = Medium.ExposureAt(Time).IsDrugFree;
        Medium.Change(Time);
        WakeAll();
        if (!drugFree) ResetLeap(); // fresh drug-free medium changes nothing the engine models
        Log("medium", "medium changed", 0);
    }

    private void WakeAll()
    {
        foreach (var c in _clones) c.AtRest = false;
    }

    /// <summary>
    /// One radiation fraction of <paramref name="gray"/> Gy (optionally delivered over <paramref name="overHours"/>):
    /// non-surviving cells of every state become doomed; survivors may shift toward EMT or change their DSB repair.
    /// </summary>
    public void Irradiate(double gray, double overHours = 0)
    {
        if (gray < 0 || !double.IsFinite(gray)) throw new ArgumentOutOfRangeException(nameof(gray));
        var L = Model;
        double g = Radiation.LeaCatcheside(overHours, L.RepairHalfTime);
        double pO2 = Medium.OxygenMmHg;
        _pending.Clear();
        _classTotals = null;
        foreach (var c in _clones)
        {
            var rng = new RandomStream(Seed, Replicate, StreamPurpose.Radiation, (ulong)c.Id, (ulong)_eventIndex);
            var k = c.Kinetics;
            long survivingCycling = 0;
            for (int s = 0; s < 3; s++)
            {
                double stateMod = s == 1 ? L.QuiescentRadMod : s == 2 ? L.PersisterRadMod : 1;
                double m = Radiation.Modifier(L, c.State.Gsh, pO2, stateMod);
                double surv = Radiation.Survival(L.Alpha, L.Beta, gray, m, k.DsbRepair, g);
                long alive = Samplers.Binomial(ref rng, c.Counts[s], surv);
                c.Counts[3] += c.Counts[s] - alive;
                c.Counts[s] = alive;
                if (s == 0) survivingCycling = alive;
            }
            if (Settings.Evolution && survivingCycling > 0)
            {
                long emt = Samplers.Binomial(ref rng, survivingCycling, -Expm1(-L.RadEmtProb * gray));
                if (emt > 0 && L.RadEmtShift != 0) { _pending.Add((c, c.Phenotype.Shifted(Trait.Emt, L.RadEmtShift), emt, null)); c.Counts[0] -= emt; }
                long rep = Samplers.Binomial(ref rng, c.Counts[0], -Expm1(-L.RadRepairProb * gray));
                if (rep > 0 && L.RadRepairShift != 0) { _pending.Add((c, c.Phenotype.Shifted(Trait.DsbRepair, L.RadRepairShift), rep, null)); c.Counts[0] -= rep; }
            }
            c.State.Dsb += L.DsbPerGy * gray;
            c.AtRest = false;
        }
        foreach (var (parent, target, cells, into) in _pending) AddMutants(parent, target, cells, into);
        _pending.Clear();
        CumulativeDoseGy += gray;
        Fractions++;
        ResetLeap();
        _eventIndex++;
        Log("irradiate", $"{gray:G6} Gy (total {CumulativeDoseGy:G6} Gy)", gray);
    }

    /// <summary>
    /// Passages the culture: <paramref name="keep"/> cells drawn without replacement from all cells of all clones and
    /// states (multivariate hypergeometric) are re-seeded; the rest are discarded. Returns the cells kept.
    /// </summary>
    public long Passage(long keep, string? note = null)
    {
        long total = TotalCells;
        keep = Math.Clamp(keep, 0, total);
        var groups = new long[_clones.Count * 4];
        for (int i = 0; i < _clones.Count; i++)
            for (int s = 0; s < 4; s++) groups[i * 4 + s] = _clones[i].Counts[s];
        var kept = new long[groups.Length];
        var rng = new RandomStream(Seed, Replicate, StreamPurpose.Passage, 0, (ulong)_eventIndex);
        Samplers.MultivariateHypergeometric(ref rng, groups, keep, kept);
        for (int i = 0; i < _clones.Count; i++)
            for (int s = 0; s < 4; s++) _clones[i].Counts[s] = kept[i * 4 + s];
        _eventIndex++;
        Passages++;
        Log("passage", note ?? $"kept {keep} of {total} cells", keep);
        Prune();
        return keep;
    }

    /// <summary>Passages at a split ratio 1:<paramref name="ratio"/> (keeps round(N/ratio) cells).</summary>
    public long Split(double ratio) => Passage((long)Math.Round(TotalCells / ratio), $"split 1:{ratio:G6}");

    /// <summary>Adds a note to the event log (protocol actions that change no cell: escalation steps, readouts).</summary>
    public void Note(string kind, string detail, double value = 0) => Log(kind, detail, value);

    // ------------------------------------------------------------------ readouts

    private void RecordIfDue()
    {
        if (Time + 1e-9 < _nextRecord) return;
        RecordNow();
        while (_nextRecord <= Time + 1e-9) _nextRecord += Settings.RecordEvery;
    }

    /// <summary>Appends a row to the time series now (also done every <see cref="EngineSettings.RecordEvery"/> hours).</summary>
    public void RecordNow()
    {
        if (_series.Count > 0 && Math.Abs(_series[^1].TimeHours - Time) < 1e-9) _series.RemoveAt(_series.Count - 1);
        var drugs = new Dictionary<string, double>();
        foreach (var name in Medium.DrugNames) drugs[name] = Medium.Concentration(name, Time);
        _series.Add(new TimePoint(Time, Count(CellState.Cycling), Count(CellState.Quiescent), Count(CellState.Persister), Count(CellState.Doomed),
            Confluence, drugs, CumulativeDoseGy, _clones.Count, Means(), CloneCounts()));
    }

    /// <summary>Smallest share of the cells for which a clone's size is kept per time point. Keeping every clone would make
    /// memory grow with the mutant supply of a 10^12-cell flask; 10^-4 keeps every clone a Muller plot can show.</summary>
    public const double CloneCountMinShare = 1e-4;

    private CloneCount[] CloneCounts()
    {
        long total = TotalCells;
        var kept = new List<CloneCount>();
        foreach (var c in _clones)
            if (c.Total > 0 && c.Total >= CloneCountMinShare * total) kept.Add(new CloneCount(c.Id, c.Total));
        return kept.ToArray();
    }

    /// <summary>The population means reported in the time series.</summary>
    public static readonly string[] MeanColumns =
        ["mean_log2_nrf2", "mean_log2_abcb1", "mean_log2_apoptosis_threshold", "mean_log2_ner", "mean_log2_dsb_repair", "mean_log2_emt", "mean_log2_stemness",
         "mean_gsh_mM", "mean_adducts", "mean_doubling_time_h"];

    private Dictionary<string, double> Means()
    {
        double n = 0;
        var s = new double[MeanColumns.Length];
        foreach (var c in _clones)
        {
            double w = c.Total;
            var l = c.Kinetics.Log2;
            s[0] += w * l[(int)Trait.Nrf2]; s[1] += w * l[(int)Trait.Abcb1]; s[2] += w * l[(int)Trait.Apoptosis]; s[3] += w * l[(int)Trait.Ner];
            s[4] += w * l[(int)Trait.DsbRepair]; s[5] += w * l[(int)Trait.Emt]; s[6] += w * l[(int)Trait.Stemness];
            s[7] += w * c.State.Gsh / 1000; s[8] += w * c.State.Adducts; s[9] += w * c.Kinetics.DivisionRate;
            n += w;
        }
        var d = new Dictionary<string, double>();
        for (int i = 0; i < MeanColumns.Length; i++) d[MeanColumns[i]] = n > 0 ? s[i] / n : double.NaN;
        if (n > 0) d["mean_doubling_time_h"] = s[9] > 0 ? Math.Log(2) / (s[9] / n) : double.PositiveInfinity;
        return d;
    }

    /// <summary>The population now, as an immutable snapshot.</summary>
    public Population Snapshot() => new(Model.Line, Time, _clones.Select(c =>
        new PopulationClone(c.Id, c.ParentId, c.Born, c.Phenotype, c.Counts[0], c.Counts[1], c.Counts[2], c.Counts[3], c.State)).ToList());

    /// <summary>Per-clone readouts now: counts, intracellular state and current hazards (for assays: apoptosis fraction, GSH, ROS…).</summary>
    public IReadOnlyList<CloneReadout> Readouts() => _clones.Select(c => new CloneReadout(c.Id, c.Phenotype, c.Counts.ToArray(), c.State, c.LastRates,
        c.Kinetics.Log2[(int)Trait.Emt])).ToList();

    /// <summary>The lineage with final counts filled in.</summary>
    public IReadOnlyList<CloneRecord> FinishLineage()
    {
        foreach (var c in _clones) Record(c).FinalCount = c.Total;
        return _records;
    }
}

/// <summary>What an assay can read from one clone: counts per state, intracellular state, hazards of the last step, EMT level.</summary>
public sealed record CloneReadout(int Id, Phenotype Phenotype, long[] Counts, IntracellularState State, StateRates Rates, double EmtLog2)
{
    public long Total => Counts.Sum();
}

