using ResLab.Biology;
using ResLab.Model;

namespace ResLab.Simulation;

/// <summary>
/// The culture medium: the drugs set in it (nominal concentration) and their decay since the last medium change
/// (first order with each drug's medium half-life); a medium change restores the nominal concentrations.
/// </summary>
public sealed class Medium
{
    private sealed class Entry
    {
        public required Drug Drug;
        public double Nominal;
        public double Refreshed;
    }

    private readonly List<Entry> _drugs = new();

    /// <summary>Oxygen partial pressure of the culture (mmHg); NaN: the reference condition of the line.</summary>
    public double OxygenMmHg { get; set; } = double.NaN;

    public void Set(Drug drug, double micromolar, double time)
    {
        if (micromolar < 0 || !double.IsFinite(micromolar)) throw new ArgumentOutOfRangeException(nameof(micromolar), "a concentration must be finite and non-negative");
        var e = _drugs.FirstOrDefault(x => x.Drug.Name == drug.Name);
        if (e is null) _drugs.Add(e = new Entry { Drug = drug });
        e.Nominal = micromolar;
        e.Refreshed = time;
    }

    public void Remove(string drugName, double time)
    {
        foreach (var e in _drugs)
            if (drugName == "*" || e.Drug.Name.Equals(drugName, StringComparison.OrdinalIgnoreCase)) { e.Nominal = 0; e.Refreshed = time; }
    }

    public void Change(double time)
    {
        foreach (var e in _drugs) e.Refreshed = time;
    }

    /// <summary>The concentration of a drug at time t (µM).</summary>
    public double Concentration(string drugName, double time)
    {
        foreach (var e in _drugs)
            if (e.Drug.Name.Equals(drugName, StringComparison.OrdinalIgnoreCase)) return Current(e, time);
        return 0;
    }

    public double Nominal(string drugName) => _drugs.FirstOrDefault(e => e.Drug.Name.Equals(drugName, StringComparison.OrdinalIgnoreCase))?.Nominal ?? 0;

    private static double Current(Entry e, double time)
    {
        if (e.Nominal <= 0) return 0;
        double hl = e.Drug.MediumHalfLife.Value;
        return e.Nominal * Math.Exp(-Math.Log(2) * Math.Max(0, time - e.Refreshed) / hl);
    }

    public IEnumerable<string> DrugNames => _drugs.Select(e => e.Drug.Name);

    /// <summary>What cells see at time t: platinum concentration and the inhibition of each target.</summary>
    public Exposure ExposureAt(double time)
    {
        var x = new Exposure(0, OxygenMmHg: OxygenMmHg);
        double pt = 0;
        foreach (var e in _drugs)
        {
            double c = Current(e, time);
            if (c <= 0) continue;
            if (e.Drug.Role == DrugRole.Platinum) pt += c;
            else if (e.Drug.Target is { } t) x = x.WithInhibition(t, e.Drug.Inhibition(c));
        }
        return x with { CisplatinMicromolar = pt };
    }

    public Medium Clone()
    {
        var m = new Medium { OxygenMmHg = OxygenMmHg };
        foreach (var e in _drugs) m._drugs.Add(new Entry { Drug = e.Drug, Nominal = e.Nominal, Refreshed = e.Refreshed });
        return m;
    }
}
