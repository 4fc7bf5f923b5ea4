using System.Globalization;
using System.Text.RegularExpressions;
using ResLab.Assays;
using ResLab.Biology;
using ResLab.Protocols;
using ResLab.Simulation;
using ResLab.Storage;

namespace ResLab.Sweeps;

/// <summary>A class of clones by genotype, for fractions and times to a fraction.</summary>
public enum GenotypeClass { Keap1, Nfe2l2, Cul3, Nrf2, Tp53, Abcb1, Ano1, Actl6a, Marker }

/// <summary>What a metric measures (docs/sweeps.md lists each with its meaning).</summary>
public enum MetricKind
{
    FinalCells, Extinct, Stopped, EndDay, ClonesAlive, Passages, CumulativeDoseGy, RadiationFractions, CisplatinAuc, FinalCisplatin,
    EscalationCompleteDay, Fraction, Present, Ever, Mean, DayCellsAtLeast, DayFractionAtLeast, ExtinctionDay,
    FinalIc50, FinalRi, FinalSf2, DayRiAtLeast, MaxRi,
    /// <summary>An experiment sweep's analysed number: the estimate, lower or upper 95 % bound of one results.csv row.</summary>
    Result, ResultLower, ResultUpper,
}

/// <summary>A metric kept per replicate: its column name, what it measures and its argument.</summary>
public sealed record MetricSpec(string Name, MetricKind Kind, string Text, GenotypeClass Class = GenotypeClass.Keap1, double Threshold = double.NaN, string? MeanColumn = null,
    (string Assay, string Sample, string Metric)? Row = null)
{
    /// <summary>Metrics read from an experiment's result rows (not from the protocol run).</summary>
    public bool IsResult => Kind is MetricKind.Result or MetricKind.ResultLower or MetricKind.ResultUpper;

    /// <summary>Metrics that are 0 or 1 per replicate (their summaries are proportions with Wilson intervals).</summary>
    public bool IsIndicator => Kind is MetricKind.Extinct or MetricKind.Stopped or MetricKind.Present or MetricKind.Ever;

    /// <summary>Metrics that need the population followed during the run, not only its end.</summary>
    public bool NeedsObservation => Kind is MetricKind.DayCellsAtLeast or MetricKind.DayFractionAtLeast or MetricKind.DayRiAtLeast or MetricKind.MaxRi;

    /// <summary>Metrics read with the resistance readout (Assays/ResistanceReadout): IC50, RI, SF2.</summary>
    public bool NeedsResistance => Kind is MetricKind.FinalIc50 or MetricKind.FinalRi or MetricKind.FinalSf2 or MetricKind.DayRiAtLeast or MetricKind.MaxRi;
}

/// <summary>Parses metric names ("final_cells", "fraction_keap1", "day_cells_ge(1e6)") and computes them from a replicate.</summary>
public static class Metrics
{
    private static readonly Dictionary<string, GenotypeClass> Classes = new()
    {
        ["keap1"] = GenotypeClass.Keap1, ["nfe2l2"] = GenotypeClass.Nfe2l2, ["cul3"] = GenotypeClass.Cul3, ["nrf2"] = GenotypeClass.Nrf2,
        ["tp53"] = GenotypeClass.Tp53, ["abcb1"] = GenotypeClass.Abcb1, ["ano1"] = GenotypeClass.Ano1, ["actl6a"] = GenotypeClass.Actl6a,
        ["marker"] = GenotypeClass.Marker,
    };

    private static readonly Dictionary<string, (MetricKind Kind, string Description)> Plain = new()
    {
        ["final_cells"] = (MetricKind.FinalCells, "cells in the flask at the end"),
        ["extinct"] = (MetricKind.Extinct, "1 when the flask emptied, else 0"),
        ["stopped"] = (MetricKind.Stopped, "1 when a 'stop' action ended the run, else 0"),
        ["end_day"] = (MetricKind.EndDay, "day the run ended (protocol end, extinction or stop)"),
        ["extinction_day"] = (MetricKind.ExtinctionDay, "day the flask emptied (NULL if it never did)"),
        ["clones_alive"] = (MetricKind.ClonesAlive, "clones alive at the end"),
        ["passages"] = (MetricKind.Passages, "passages done"),
        ["cumulative_dose_gy"] = (MetricKind.CumulativeDoseGy, "radiation dose given (Gy)"),
        ["radiation_fractions"] = (MetricKind.RadiationFractions, "radiation fractions given"),
        ["cisplatin_auc_uM_day"] = (MetricKind.CisplatinAuc, "cumulative cisplatin exposure: medium concentration integrated over time (µM·day, trapezoid over the time series rows)"),
        ["final_cisplatin_uM"] = (MetricKind.FinalCisplatin, "last escalation level reached (µM; NULL without escalation)"),
        ["escalation_complete_day"] = (MetricKind.EscalationCompleteDay, "day the escalation completed at its maximum (NULL if it did not)"),
        ["final_ic50_uM"] = (MetricKind.FinalIc50, "cisplatin IC50 of the final population in the standard resistance assay (µM; NULL when extinct or above 1e5 µM)"),
        ["final_ri"] = (MetricKind.FinalRi, "resistance index at the end: final IC50 / the point's parental IC50 (NULL when extinct)"),
        ["max_ri"] = (MetricKind.MaxRi, "largest resistance index at the time-series readings and the end (to within 1 %; NULL when extinct at day 0)"),
        ["final_sf2"] = (MetricKind.FinalSf2, "clonogenic surviving fraction of the final population at 2 Gy (NULL when extinct)"),
    };

    /// <summary>Every metric name a sweep file may use, with its meaning (templates in angle brackets).</summary>
    public static IEnumerable<(string Name, string Description)> Catalogue()
    {
        foreach (var (k, v) in Plain) yield return (k, v.Description);
        yield return ("fraction_<class>", "fraction of final cells in the class (NULL when extinct)");
        yield return ("present_<class>", "1 when any final cell is in the class");
        yield return ("ever_<class>", "1 when a clone of the class arose at any time (lineage)");
        yield return ("day_cells_ge(N)", "first day the flask held at least N cells (NULL if never)");
        yield return ("day_fraction_<class>_ge(x)", "first day the class made up at least x of the cells (x as 0.5 or 50%; NULL if never)");
        yield return ("day_ri_ge(x)", "first day the resistance index was at least x, read at the time-series times (record_every, daily by default; NULL if never)");
        foreach (var m in Culture.MeanColumns) yield return (m, "population mean at the end (time series column)");
        yield return ("result(ASSAY, SAMPLE, METRIC)", "experiment sweeps: the estimate of that row of the experiment's results.csv (NULL when the analysis gave none)");
        yield return ("result_lower(…) / result_upper(…)", "experiment sweeps: the row's 95 % confidence bounds");
        yield return ("classes", string.Join(", ", Classes.Keys) + " (nrf2: any of KEAP1 loss, NFE2L2 gain, CUL3 loss)");
    }

    public static IEnumerable<string> Names =>
        Plain.Keys.Concat(Classes.Keys.SelectMany(c => new[] { "fraction_" + c, "present_" + c, "ever_" + c, $"day_fraction_{c}_ge(0.5)" }))
            .Concat(["day_cells_ge(1e6)", "day_ri_ge(2)"]).Concat(Culture.MeanColumns);

    private static readonly Regex ResultCall = new(@"^(?<f>result|result_lower|result_upper)\s*\((?<a>[^)]*)\)$", RegexOptions.CultureInvariant);

    private static readonly Regex Call = new(@"^(?<f>[a-z0-9_]+)\((?<a>[^)]*)\)$", RegexOptions.CultureInvariant);

    /// <summary>Parses one metric; <paramref name="column"/> overrides the column name. <paramref name="experiment"/> (an
    /// experiment sweep's) admits result(ASSAY, SAMPLE, METRIC), result_lower(…) and result_upper(…), checked against it.</summary>
    public static MetricSpec Parse(string text, string? column, InputLocation where, ResLab.Experiments.Experiment? experiment = null)
    {
        var t = text.Trim();
        string name = column ?? ColumnName(t);
        var rm = ResultCall.Match(t);
        if (rm.Success)
        {
            var f = rm.Groups["f"].Value;
            var args = rm.Groups["a"].Value.Split(',').Select(a => a.Trim()).ToArray();
            if (experiment is null)
                throw new UserInputException($"'{t}' reads an experiment's results; only a sweep with 'experiment: FILE' (not 'protocol:') has them", where);
            if (args.Length != 3 || args.Any(a => a.Length == 0))
                throw UserInputException.Invalid(where, text, $"{f}(ASSAY, SAMPLE, METRIC) with three names, such as {f}(mtt_cisplatin, final, resistance_index)");
            ResLab.Experiments.ExperimentResults.Check(experiment, args[0], args[1], args[2], where);
            var kind = f switch { "result_lower" => MetricKind.ResultLower, "result_upper" => MetricKind.ResultUpper, _ => MetricKind.Result };
            return new MetricSpec(name, kind, t, Row: (args[0], args[1], args[2]));
        }
        if (Plain.TryGetValue(t, out var p)) return new MetricSpec(name, p.Kind, t);
        if (Culture.MeanColumns.Contains(t)) return new MetricSpec(name, MetricKind.Mean, t, MeanColumn: t);
        foreach (var (prefix, kind) in new[] { ("fraction_", MetricKind.Fraction), ("present_", MetricKind.Present), ("ever_", MetricKind.Ever) })
            if (t.StartsWith(prefix) && Classes.TryGetValue(t[prefix.Length..], out var cls)) return new MetricSpec(name, kind, t, cls);
        var m = Call.Match(t);
        if (m.Success)
        {
            var f = m.Groups["f"].Value;
            var arg = m.Groups["a"].Value.Trim();
            if (f == "day_cells_ge")
            {
                var s = arg.Replace("cells", "").Trim();
                if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !(n > 0))
                    throw UserInputException.Invalid(where, text, "a number of cells in day_cells_ge(N), such as day_cells_ge(1e6)");
                return new MetricSpec(name, MetricKind.DayCellsAtLeast, t, Threshold: n);
            }
            if (f == "day_ri_ge")
            {
                if (!double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !(x > 0) || !double.IsFinite(x))
                    throw UserInputException.Invalid(where, text, "a resistance index > 0 in day_ri_ge(x), such as day_ri_ge(2)");
                return new MetricSpec(name, MetricKind.DayRiAtLeast, t, Threshold: x);
            }
            if (f.StartsWith("day_fraction_") && f.EndsWith("_ge") && Classes.TryGetValue(f["day_fraction_".Length..^3], out var c2))
            {
                double x;
                bool ok = arg.EndsWith('%')
                    ? double.TryParse(arg[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out x) && (x /= 100) >= 0
                    : double.TryParse(arg, NumberStyles.Float, CultureInfo.InvariantCulture, out x);
                if (!ok || !(x > 0) || x > 1) throw UserInputException.Invalid(where, text, "a fraction in (0, 1] such as day_fraction_keap1_ge(0.5) or (50%)");
                return new MetricSpec(name, MetricKind.DayFractionAtLeast, t, c2, x);
            }
        }
        throw new UserInputException($"unknown metric '{text}'{NameMatcher.Hint(t, Names)}; metrics are {string.Join(", ", Plain.Keys)}, " +
                                     $"fraction_/present_/ever_<class>, day_cells_ge(N), day_fraction_<class>_ge(x), day_ri_ge(x), mean_*{(experiment is null ? "" : ", result(ASSAY, SAMPLE, METRIC), result_lower(…), result_upper(…)")} (classes: {string.Join(", ", Classes.Keys)}); see docs/sweeps.md", where);
    }

    /// <summary>A SQL-friendly column name: "day_cells_ge(1e6)" → "day_cells_ge_1e6".</summary>
    public static string ColumnName(string text)
    {
        var s = Regex.Replace(text.Trim(), "[^A-Za-z0-9_]+", "_").Trim('_');
        return s.Length == 0 || char.IsDigit(s[0]) ? "m_" + s : s;
    }

    public static bool InClass(Genotype g, GenotypeClass c) => c switch
    {
        GenotypeClass.Keap1 => g.Has(Mutations.Keap1),
        GenotypeClass.Nfe2l2 => g.Has(Mutations.Nfe2l2),
        GenotypeClass.Cul3 => g.Has(Mutations.Cul3),
        GenotypeClass.Nrf2 => (g.Mutations & (Mutations.Keap1 | Mutations.Nfe2l2 | Mutations.Cul3)) != 0,
        GenotypeClass.Tp53 => g.Has(Mutations.Tp53),
        GenotypeClass.Abcb1 => g.Abcb1Gains > 0,
        GenotypeClass.Ano1 => g.Ano1Gains > 0,
        GenotypeClass.Actl6a => g.Actl6aGains > 0,
        _ => g.Has(Mutations.Marker),
    };

    /// <summary>Fraction of the population's cells in a class (NaN for an empty population).</summary>
    public static double Fraction(Population p, GenotypeClass c)
    {
        long n = 0, k = 0;
        foreach (var cl in p.Clones)
        {
            n += cl.Total;
            if (InClass(cl.Phenotype.Genotype, c)) k += cl.Total;
        }
        return n > 0 ? (double)k / n : double.NaN;
    }

    /// <summary>
    /// The metrics of a finished replicate (NaN: not reached / not defined, stored as NULL). <paramref name="readout"/>
    /// (the point's line and catalogue, its parental IC50 resolved once per point) serves the IC50, RI and SF2 metrics.
    /// </summary>
    public static double[] Compute(IReadOnlyList<MetricSpec> specs, ReplicateResult r, MetricObserver? observed, ResistanceReadout? readout = null)
    {
        var v = new double[specs.Count];
        double? ic50 = null;
        double FinalIc50()
        {
            if (readout is null) throw new InvalidOperationException("resistance metrics need a readout");
            return ic50 ??= r.Final.Total == 0 ? double.NaN : readout.Ic50(r.Final, readout.ParentalIc50);
        }
        for (int i = 0; i < specs.Count; i++)
            v[i] = specs[i].Kind switch
            {
                MetricKind.FinalIc50 => Finite(FinalIc50()),
                MetricKind.FinalRi => Finite(FinalIc50() / readout!.ParentalIc50),
                MetricKind.FinalSf2 => readout?.Sf2(r.Final) ?? throw new InvalidOperationException("resistance metrics need a readout"),
                MetricKind.MaxRi => Finite(MaxOf(observed?.MaxRi ?? double.NaN, FinalIc50() / readout!.ParentalIc50)),
                _ => One(specs[i], r, observed, i),
            };
        return v;
    }

    private static double MaxOf(double a, double b) => double.IsNaN(a) ? b : double.IsNaN(b) ? a : Math.Max(a, b);

    /// <summary>An IC50 beyond the assay's range (+∞) is stored as NULL: it has no value to average.</summary>
    private static double Finite(double x) => double.IsFinite(x) ? x : double.NaN;

    private static double One(MetricSpec m, ReplicateResult r, MetricObserver? obs, int index)
    {
        var last = r.Series.Count > 0 ? r.Series[^1] : null;
        switch (m.Kind)
        {
            case MetricKind.FinalCells: return r.Final.Total;
            case MetricKind.Extinct: return r.Outcome == Outcome.Extinct ? 1 : 0;
            case MetricKind.Stopped: return r.Outcome == Outcome.Stopped ? 1 : 0;
            case MetricKind.EndDay: return r.Final.TimeHours / 24;
            case MetricKind.ExtinctionDay: return r.Outcome == Outcome.Extinct ? r.Final.TimeHours / 24 : double.NaN;
            case MetricKind.ClonesAlive: return r.Final.Clones.Count;
            case MetricKind.Passages: return r.Events.Count(e => e.Kind == "passage");
            case MetricKind.CumulativeDoseGy: return last?.CumulativeDoseGy ?? 0;
            case MetricKind.RadiationFractions: return r.Events.Count(e => e.Kind == "irradiate");
            case MetricKind.CisplatinAuc:
            {
                double auc = 0;
                for (int i = 1; i < r.Series.Count; i++)
                {
                    double a = r.Series[i - 1].Drugs.GetValueOrDefault("cisplatin"), b = r.Series[i].Drugs.GetValueOrDefault("cisplatin");
                    auc += 0.5 * (a + b) * (r.Series[i].TimeHours - r.Series[i - 1].TimeHours) / 24;
                }
                return auc;
            }
            case MetricKind.FinalCisplatin:
            {
                var e = r.Events.LastOrDefault(x => x.Kind == "escalation");
                return e is null ? double.NaN : e.Value;
            }
            case MetricKind.EscalationCompleteDay:
            {
                var e = r.Events.FirstOrDefault(x => x.Kind == "escalation_complete");
                return e is null ? double.NaN : e.TimeHours / 24;
            }
            case MetricKind.Fraction: return Fraction(r.Final, m.Class);
            case MetricKind.Present: return r.Final.Clones.Any(c => c.Total > 0 && InClass(c.Phenotype.Genotype, m.Class)) ? 1 : 0;
            case MetricKind.Ever: return r.Lineage.Any(c => InClass(c.Phenotype.Genotype, m.Class)) ? 1 : 0;
            case MetricKind.Mean: return last is not null && last.Means.TryGetValue(m.MeanColumn!, out var mv) ? mv : double.NaN;
            case MetricKind.Result or MetricKind.ResultLower or MetricKind.ResultUpper: return double.NaN; // filled from the experiment's rows
            default: return obs?.FirstDay(index) ?? double.NaN;
        }
    }
}

/// <summary>
/// Follows a culture during its run for the "first day …" metrics: called after each step of the protocol runner
/// (every inspection, at least daily), it records the first time each threshold held. The resistance index is read
/// less often, at the first call at or after each time-series time (every <c>readoutEvery</c> hours from the start):
/// day_ri_ge(x) has the series' resolution. Each such reading is one well evaluation at the fixed dose
/// x·IC50_parental, whose per-phenotype rates the readout caches.
/// </summary>
public sealed class MetricObserver
{
    private readonly IReadOnlyList<MetricSpec> _specs;
    private readonly double[] _first;
    private readonly ResistanceReadout? _readout;
    private readonly double _every;
    private double _nextReading = double.NegativeInfinity;
    private readonly bool _trackMax;
    private double _maxRi = double.NaN;

    /// <summary>max_ri's step: a reading is computed exactly only when its RI may exceed the maximum so far by this factor.</summary>
    public const double MaxRiStep = 1.01;

    /// <summary>The largest RI computed at a reading so far (NaN before the first).</summary>
    public double MaxRi => _maxRi;

    public MetricObserver(IReadOnlyList<MetricSpec> specs, ResistanceReadout? readout = null, double readoutEvery = 24)
    {
        _specs = specs;
        _first = Enumerable.Repeat(double.NaN, specs.Count).ToArray();
        _readout = readout;
        _every = readoutEvery > 0 ? readoutEvery : 24;
        _trackMax = specs.Any(s => s.Kind == MetricKind.MaxRi);
        if (specs.Any(s => s.Kind is MetricKind.DayRiAtLeast or MetricKind.MaxRi))
        {
            if (readout is null) throw new ArgumentNullException(nameof(readout), "day_ri_ge and max_ri need a resistance readout");
            foreach (var s in specs.Where(s => s.Kind == MetricKind.DayRiAtLeast)) readout.Pin(s.Threshold * readout.ParentalIc50);
        }
    }

    public double FirstDay(int index) => _first[index];

    public void Observe(Culture c)
    {
        Population? snap = null;
        for (int i = 0; i < _specs.Count; i++)
        {
            if (!double.IsNaN(_first[i])) continue;
            var m = _specs[i];
            bool hit = m.Kind switch
            {
                MetricKind.DayCellsAtLeast => c.TotalCells >= m.Threshold,
                MetricKind.DayFractionAtLeast => !c.Extinct && Metrics.Fraction(snap ??= c.Snapshot(), m.Class) >= m.Threshold - 1e-12,
                _ => false,
            };
            if (hit) _first[i] = c.Time / 24;
        }
        if (c.Time < _nextReading - 1e-9 || c.Extinct) return;
        // the thresholds not yet reached, read together on one well
        var open = Enumerable.Range(0, _specs.Count).Where(i => _specs[i].Kind == MetricKind.DayRiAtLeast && double.IsNaN(_first[i])).ToArray();
        if (open.Length == 0 && !_trackMax) return;
        snap ??= c.Snapshot();
        if (open.Length > 0)
        {
            var hits = _readout!.RiAtLeast(snap, open.Select(i => _specs[i].Threshold).ToArray());
            for (int k = 0; k < open.Length; k++) if (hits[k]) _first[open[k]] = c.Time / 24;
        }
        if (_trackMax) TrackMax(snap);
        _nextReading = (Math.Floor(c.Time / _every + 1e-9) + 1) * _every;
    }

    /// <summary>
    /// max_ri: the first reading is computed exactly; later ones only when "RI ≥ 1.01 × the maximum" holds (the cheap
    /// fixed-dose test of day_ri_ge, its dose pinned until the maximum moves), so a rising RI costs one IC50 search
    /// per 1 % step and a flat one none. The result is within 1 % below the largest RI over the readings.
    /// </summary>
    private void TrackMax(Population snap)
    {
        var r = _readout!;
        double par = r.ParentalIc50;
        if (!double.IsNaN(_maxRi) && !r.RiAtLeast(snap, [MaxRiStep * _maxRi])[0]) return;
        double ri = r.Ic50(snap, double.IsNaN(_maxRi) ? par : _maxRi * par) / par;
        if (!double.IsFinite(ri) || !(double.IsNaN(_maxRi) || ri > _maxRi)) return;
        if (!double.IsNaN(_maxRi)) r.Unpin(MaxRiStep * _maxRi * par);
        _maxRi = ri;
        r.Pin(MaxRiStep * _maxRi * par);
    }
}
