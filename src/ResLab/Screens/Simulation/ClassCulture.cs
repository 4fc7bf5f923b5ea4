using ResLab.Model;
using ResLab.Simulation;

namespace ResLab.Screens.Simulation;

/// <summary>A passage of a screen culture: when, and the real cells before and after.</summary>
public sealed record ScreenPassage(double Hours, double CellsBefore, double CellsKept);

/// <summary>The real cells of a screen culture over time (one point per hour).</summary>
public sealed record ScreenSeriesPoint(double Hours, double Cells, double Confluence);

/// <summary>
/// An engine culture holding one clone per phenotype class of the screen (the whole population of that class, scaled
/// up so that every class is large and its rates deterministic), and, as it runs, the offspring law of one cell of
/// each class (<see cref="OffspringLaw"/>): after every engine step, each class's per-cell birth rate
/// B = Σ nₛbₛ/N and death rate D = Σ nₛdₛ/N over its cell states (read from the engine's hazards) give the step's
/// linear birth–death law, and every passage the engine makes is a thinning. The engine does all the biology
/// (intracellular cisplatin, GSH and ROS kinetics, apoptosis, ferroptosis, persisters, quiescence, contact
/// inhibition, the protocol's drugs); the sgRNAs of a class then follow these laws one draw at a time.
/// </summary>
internal sealed class ClassCulture
{
    private readonly Dictionary<Phenotype, int> _classOf;
    private readonly OffspringLaw[] _laws;
    private readonly double _scale;
    private int _eventsSeen;
    private double _lastTime;
    private long _lastTotal;
    private readonly List<ScreenPassage> _passages = new();
    private readonly List<ScreenSeriesPoint> _series = new();

    public Culture Culture { get; }
    /// <summary>Engine cells per real cell.</summary>
    public double Scale => _scale;
    public IReadOnlyList<OffspringLaw> Laws => _laws;
    public IReadOnlyList<ScreenPassage> Passages => _passages;
    public IReadOnlyList<ScreenSeriesPoint> Series => _series;

    public ClassCulture(Culture culture, IReadOnlyList<Phenotype> phenotypes, double scale)
    {
        Culture = culture;
        _scale = scale;
        _classOf = new Dictionary<Phenotype, int>();
        for (int c = 0; c < phenotypes.Count; c++) _classOf[phenotypes[c]] = c;
        _laws = Enumerable.Repeat(OffspringLaw.Identity, phenotypes.Count).ToArray();
        _eventsSeen = culture.Events.Count;
        _lastTime = culture.Time;
        _lastTotal = culture.TotalCells;
        _series.Add(new ScreenSeriesPoint(culture.Time, _lastTotal / scale, culture.Confluence));
    }

    /// <summary>The laws accumulated so far; accumulation restarts from the identity (to split a stretch at a time).</summary>
    public OffspringLaw[] TakeLaws()
    {
        var taken = (OffspringLaw[])_laws.Clone();
        Array.Fill(_laws, OffspringLaw.Identity);
        return taken;
    }

    /// <summary>Folds what happened since the last call (passages, then the engine step) into the laws.</summary>
    public void Observe()
    {
        var events = Culture.Events;
        for (; _eventsSeen < events.Count; _eventsSeen++)
        {
            var e = events[_eventsSeen];
            if (e.Kind != "passage") continue;
            double f = _lastTotal > 0 ? e.Value / _lastTotal : 1;
            var thin = OffspringLaw.Thinning(f);
            for (int c = 0; c < _laws.Length; c++) _laws[c] = _laws[c].Then(thin);
            _passages.Add(new ScreenPassage(e.TimeHours, _lastTotal / _scale, e.Value / _scale));
            _lastTotal = (long)e.Value;
        }
        double dt = Culture.Time - _lastTime;
        if (dt > 1e-12)
        {
            var seen = new bool[_laws.Length];
            foreach (var r in Culture.Readouts())
            {
                if (!_classOf.TryGetValue(r.Phenotype, out int c)) continue;
                seen[c] = true;
                var n = r.Counts;
                double total = n[0] + n[1] + n[2] + n[3];
                if (total <= 0) continue;
                var k = r.Rates;
                double b = (n[0] * k.DivideCycling + n[2] * k.DividePersister) / total;
                double d = (n[0] * k.DeathCycling + n[1] * k.DeathQuiescent + n[2] * k.DeathPersister + n[3] * k.DeathDoomed) / total;
                _laws[c] = _laws[c].Then(OffspringLaw.BirthDeath(b, d, dt));
            }
            // an engine class that died out: its (far fewer) real cells died too
            for (int c = 0; c < _laws.Length; c++)
                if (!seen[c]) _laws[c] = OffspringLaw.Extinction;
            _lastTime = Culture.Time;
        }
        _lastTotal = Culture.TotalCells;
        _series.Add(new ScreenSeriesPoint(Culture.Time, _lastTotal / _scale, Culture.Confluence));
    }
}
