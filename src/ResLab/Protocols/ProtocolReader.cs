using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ResLab.Biology;
using ResLab.Simulation;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Protocols;

/// <summary>
/// Reads a protocol file (YAML, documented in docs/protocols.md) into a validated <see cref="Protocol"/>. Every
/// mistake is a <see cref="UserInputException"/> naming the file, line, column and field, the value and what was
/// expected: unknown keys (with the nearest key), wrong units ("25 Gy" for a concentration), unknown cell lines and
/// drugs (with the nearest name), negative doses, impossible schedules, protocols that never end.
/// </summary>
public static class ProtocolReader
{
    private static readonly string[] TopKeys = ["name", "description", "reference", "cell_line", "overrides", "flask", "oxygen", "duration", "inspect_every", "record_every", "schedule", "phases", "readouts"];
    private static readonly string[] TriggerKeys = ["at", "every", "from", "times", "days", "weekdays", "time_of_day", "when", "min_interval"];
    private static readonly string[] ActionKeys = ["drug", "remove_drug", "pulse", "escalate", "irradiate", "change_medium", "passage", "stop", "readout"];

    public static Protocol Load(string path, Catalogue? catalogue = null)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read the protocol: {e.Message}", new InputLocation(path), e);
        }
        return Parse(text, path, catalogue);
    }

    public static Protocol Parse(string text, string? file = null, Catalogue? catalogue = null)
    {
        var cat = catalogue ?? Catalogue.Default;
        var root = YamlTree.Parse(text, file);
        if (!root.IsMap) throw root.Error("a protocol: a mapping with cell_line, flask, duration and schedule");
        root.OnlyKeys(TopKeys);
        var lineNode = root.Require("cell_line");
        var line = cat.CellLine(lineNode.Scalar, lineNode.Where());
        if (root.Get("overrides") is { } ov)
        {
            ov.OnlyKeys(["parameters", "traits", "genotype"]);
            var pars = ov.Get("parameters") is { } p ? CatalogueReader.ReadParameterMap(p, requireSource: false) : new();
            var traits = ov.Get("traits") is { } t ? CatalogueReader.ReadTraitMap(t, requireSource: false) : new();
            var geno = ov.Get("genotype") is { } g ? CatalogueReader.ReadGenotype(g, requireSource: false) : new();
            line = line.WithOverrides(pars, traits, geno);
        }
        var flaskNode = root.Require("flask");
        flaskNode.OnlyKeys(["capacity", "seeding", "medium"]);
        double capacity = CellsValue(flaskNode.Require("capacity"), allowInfinite: true);
        double seeding = CellsValue(flaskNode.Require("seeding"));
        if (seeding < 1) throw flaskNode.Require("seeding").Error("at least one cell");
        if (!double.IsPositiveInfinity(capacity) && seeding > capacity) throw flaskNode.Require("seeding").Error($"at most the flask capacity ({capacity:G6} cells)");
        double medium = flaskNode.Get("medium") is { } m ? UnitExpression.Parse(m.Scalar, Dimension.Vol, m.Where()) : 15;

        double? duration = null;
        if (root.Get("duration") is { } dn) duration = DurationValue(dn);
        double inspect = root.Get("inspect_every") is { } ie ? Positive(ie, DurationValue(ie)) : 24;
        double? record = root.Get("record_every") is { } re ? Positive(re, DurationValue(re)) : null;
        double oxygen = root.Get("oxygen") is { } ox ? UnitExpression.Parse(ox.Scalar, Dimension.Press, ox.Where()) : double.NaN;

        var phases = new List<Phase>();
        if (root.Get("schedule") is { } sched)
        {
            if (root.Get("phases") is not null) throw new UserInputException("give either 'schedule' (one phase) or 'phases', not both", root.KeyWhere("phases"));
            phases.Add(new Phase("main", ReadRules(sched, cat), null, null));
        }
        else if (root.Get("phases") is { } ph)
        {
            foreach (var item in ph.Items())
            {
                item.OnlyKeys(["name", "duration", "until", "schedule"]);
                var rules = ReadRules(item.Require("schedule"), cat);
                double? len = item.Get("duration") is { } d ? Positive(d, DurationValue(d)) : null;
                var until = item.Get("until") is { } u ? ParseCondition(u) : null;
                var phase = new Phase(item.OptionalString("name") ?? $"phase {phases.Count + 1}", rules, len, until);
                CheckReachable(phase, item);
                phases.Add(phase);
            }
        }
        else throw new UserInputException("missing 'schedule' (or 'phases'): what is done to the flask", root.Where());

        // the protocol must end
        if (duration is null)
        {
            if (phases.Any(p => p.Length is null))
                throw new UserInputException("the protocol never ends: give 'duration' (e.g. '12 months'), or a 'duration' for every phase", root.KeyWhere("duration"));
            duration = phases.Sum(p => p.Length!.Value);
        }
        if (!double.IsFinite(duration.Value) || duration.Value <= 0) throw root.Require("duration").Error("a finite, positive duration such as '6 months'");
        if (duration.Value > 20 * 365.25 * 24) throw root.Require("duration").Error("at most 20 years", "a duration that long never ends in practice");

        var readouts = new List<Readout>();
        if (root.Get("readouts") is { } rs)
            foreach (var r in rs.Items())
            {
                r.OnlyKeys(["name", "at", "phase_end"]);
                var name = r.Require("name").Scalar;
                if (readouts.Any(x => x.Name == name)) throw r.Require("name").Error("a name used once", "readout names name snapshot files");
                if (r.Get("at") is { } at)
                {
                    if (at.Scalar.Trim() == "end") readouts.Add(new Readout(name, AtEnd: true));
                    else
                    {
                        double t = DurationValue(at);
                        if (t > duration.Value) throw at.Error($"a time within the protocol's duration ({duration.Value:G6} h)");
                        readouts.Add(new Readout(name, At: t));
                    }
                }
                else if (r.OptionalString("phase_end") is { } pe)
                {
                    if (phases.All(p => p.Name != pe)) throw UserInputException.Invalid(r.Require("phase_end").Where(), pe, "the name of a phase: " + string.Join(", ", phases.Select(p => p.Name)));
                    readouts.Add(new Readout(name, PhaseEnd: pe));
                }
                else throw new UserInputException("a readout needs 'at' (a time or 'end') or 'phase_end'", r.Where());
            }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
        return new Protocol
        {
            Name = root.OptionalString("name") ?? (file is null ? "protocol" : Path.GetFileNameWithoutExtension(file)),
            Description = root.OptionalString("description") ?? "",
            Line = line,
            OverridesLine = root.Get("overrides") is not null,
            Catalogue = cat,
            Flask = new Flask(capacity, medium),
            Seeding = (long)Math.Round(seeding),
            Duration = duration.Value,
            InspectEvery = inspect,
            RecordEvery = record,
            OxygenMmHg = oxygen,
            Phases = phases,
            Readouts = readouts,
            InputHash = hash,
            SourceFile = file,
        };
    }

    private static double Positive(YamlTree node, double v) => v > 0 ? v : throw node.Error("a positive duration");

    private static double DurationValue(YamlTree node)
    {
        var s = node.Scalar;
        if (s.Trim() is "forever" or "infinite" or "inf" or "never") throw node.Error("a finite duration such as '6 months'", "a protocol must end");
        return QuantityParser.ParseDuration(s, node.Where()).Hours;
    }

    private static double CellsValue(YamlTree node, bool allowInfinite = false)
    {
        var s = node.Scalar.Trim();
        if (allowInfinite && s is "unlimited" or "infinite") return double.PositiveInfinity;
        if (s.EndsWith("cells")) s = s[..^5].Trim();
        else if (s.EndsWith("cell")) s = s[..^4].Trim();
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v) || v < 0)
            throw node.Error("a number of cells such as '1e6 cells'" + (allowInfinite ? " (or 'unlimited')" : ""));
        return v;
    }

    private static double ConcentrationValue(YamlTree node, Catalogue cat, string drug) =>
        QuantityParser.ParseConcentration(node.Scalar, node.Where(), cat.Drug(drug).Mass).Micromolar;

    // ------------------------------------------------------------------ rules

    internal static List<Rule> ReadRules(YamlTree node, Catalogue cat)
    {
        var list = new List<Rule>();
        foreach (var item in node.Items())
        {
            if (!item.IsMap) throw item.Error("a schedule entry: a mapping such as '{ every: 3 days, change_medium: true }'");
            item.OnlyKeys([.. TriggerKeys, .. ActionKeys, "do"]);
            var trigger = ReadTrigger(item);
            var actions = new List<ProtocolAction>();
            foreach (var (key, value) in item.Entries())
                if (ActionKeys.Contains(key)) actions.Add(ReadAction(key, value, cat));
            if (item.Get("do") is { } d)
                foreach (var a in d.Items())
                {
                    if (!a.IsMap) throw a.Error("an action such as '{ passage: 1:10 }'");
                    a.OnlyKeys(ActionKeys);
                    foreach (var (key, value) in a.Entries()) actions.Add(ReadAction(key, value, cat));
                }
            if (actions.Count == 0) throw new UserInputException($"a schedule entry needs an action: one of {string.Join(", ", ActionKeys)}", item.Where());
            list.Add(new Rule(trigger, actions, item.Where()));
        }
        return list;
    }

    private static Trigger ReadTrigger(YamlTree item)
    {
        var present = TriggerKeys.Where(k => item.Get(k) is not null).ToArray();
        int kinds = new[] { "at", "every", "days", "weekdays", "when" }.Count(k => present.Contains(k));
        if (kinds > 1) throw new UserInputException("give one trigger per entry: at, every, days, weekdays or when", item.Where());
        double tod = item.Get("time_of_day") is { } td ? DurationValue(td) : 9;
        if (tod >= 24) throw item.Require("time_of_day").Error("a time of day below 24 h, such as '9 h'");
        if (item.Get("at") is { } at) return new AtTrigger(DurationValue(at));
        if (item.Get("every") is { } ev)
        {
            double period = Positive(ev, DurationValue(ev));
            double from = item.Get("from") is { } f ? DurationValue(f) : 0;
            int? times = item.Get("times") is { } tn ? (int)PositiveInt(tn) : null;
            return new EveryTrigger(period, from, times);
        }
        if (item.Get("days") is { } days)
        {
            var list = days.Items().Select(x => (int)PositiveInt(x)).ToArray();
            if (list.Length == 0) throw days.Error("a list of day numbers such as [1, 8, 15]");
            return new DaysTrigger(list, tod);
        }
        if (item.Get("weekdays") is { } wd)
        {
            var set = new HashSet<DayOfWeek>();
            var names = wd.IsScalar ? [wd] : wd.Items().ToArray();
            foreach (var n in names)
            {
                var s = n.Scalar.Trim().ToLowerInvariant();
                if (s is "all" or "weekdays" or "mon-fri") { foreach (var d in new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }) set.Add(d); continue; }
                var match = Enum.GetValues<DayOfWeek>().FirstOrDefault(d => d.ToString().ToLowerInvariant().StartsWith(s) && s.Length >= 3, (DayOfWeek)(-1));
                if ((int)match < 0) throw n.Error("a weekday (mon, tue, wed, thu, fri, sat, sun) or 'weekdays'");
                set.Add(match);
            }
            return new WeekdaysTrigger(set, tod);
        }
        if (item.Get("when") is { } w)
        {
            double minInterval = item.Get("min_interval") is { } mi ? DurationValue(mi) : 0;
            return new WhenTrigger(ParseCondition(w), minInterval);
        }
        foreach (var k in new[] { "from", "times", "min_interval", "time_of_day" })
            if (item.Get(k) is not null) throw new UserInputException($"'{k}' needs a trigger ('every', 'when', 'days' or 'weekdays')", item.KeyWhere(k));
        throw new UserInputException("a schedule entry needs a trigger: at, every, days, weekdays or when", item.Where());
    }

    private static double PositiveInt(YamlTree n)
    {
        if (!int.TryParse(n.Scalar, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 1) throw n.Error("a whole number of 1 or more");
        return v;
    }

    private static ProtocolAction ReadAction(string key, YamlTree v, Catalogue cat)
    {
        switch (key)
        {
            case "drug":
            {
                v.OnlyKeys(["name", "concentration"]);
                var name = cat.Drug(v.Require("name").Scalar, v.Require("name").Where()).Name;
                return new SetDrugAction(name, ConcentrationValue(v.Require("concentration"), cat, name));
            }
            case "remove_drug":
            {
                var s = v.Scalar;
                return new RemoveDrugAction(s is "all" or "*" ? "*" : cat.Drug(s, v.Where()).Name);
            }
            case "pulse":
            {
                v.OnlyKeys(["drug", "concentration", "duration"]);
                var name = cat.Drug(v.Require("drug").Scalar, v.Require("drug").Where()).Name;
                return new PulseAction(name, ConcentrationValue(v.Require("concentration"), cat, name), Positive(v.Require("duration"), DurationValue(v.Require("duration"))));
            }
            case "escalate": return new EscalateAction(ReadEscalation(v, cat));
            case "irradiate":
            {
                if (v.IsScalar) return new IrradiateAction(Dose(v));
                v.OnlyKeys(["dose", "over", "total"]);
                double dose = Dose(v.Require("dose"));
                double over = v.Get("over") is { } o ? DurationValue(o) : 0;
                double? total = v.Get("total") is { } t ? QuantityParser.ParseDose(t.Scalar, t.Where()).Gray : null;
                if (total is { } tt && tt < dose) throw v.Require("total").Error($"a total of at least one fraction ({dose:G6} Gy)");
                return new IrradiateAction(dose, over, total);
            }
            case "change_medium":
                if (v.IsScalar && !v.IsNull && !v.Bool()) throw v.Error("true (or omit the entry)");
                return new ChangeMediumAction();
            case "passage":
            {
                if (v.IsScalar) return new PassageAction(SplitRatio(v));
                v.OnlyKeys(["split", "seed"]);
                if (v.Get("split") is { } sp) return new PassageAction(SplitRatio(sp));
                if (v.Get("seed") is { } sd) return new PassageAction(SeedCells: (long)Math.Round(CellsValue(sd)));
                throw new UserInputException("a passage needs 'split' (e.g. 1:10) or 'seed' (e.g. 5e5 cells)", v.Where());
            }
            case "stop": return new StopAction(v.IsScalar && !v.IsNull && v.Scalar is not ("true" or "yes") ? v.Scalar : "stop");
            case "readout": return new ReadoutAction(v.Scalar);
            default: throw new UserInputException($"unknown action '{key}'", v.Where());
        }
    }

    private static double Dose(YamlTree n)
    {
        var d = QuantityParser.ParseDose(n.Scalar, n.Where()).Gray;
        if (d <= 0) throw n.Error("a positive dose such as '2 Gy'");
        if (d > 100) throw n.Error("a dose per fraction of at most 100 Gy");
        return d;
    }

    private static double SplitRatio(YamlTree n)
    {
        var s = n.Scalar.Trim();
        var parts = s.Split(':');
        if (parts.Length == 2 && parts[0].Trim() == "1" && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r >= 1 && double.IsFinite(r)) return r;
        throw n.Error("a split ratio such as '1:10' (keep one part in ten; the second number at least 1)");
    }

    private static Escalation ReadEscalation(YamlTree v, Catalogue cat)
    {
        v.OnlyKeys(["drug", "start", "factor", "step", "maximum", "levels", "advance", "exposure"]);
        var name = cat.Drug(v.Require("drug").Scalar, v.Require("drug").Where()).Name;
        var levels = new List<double>();
        if (v.Get("levels") is { } lv)
        {
            foreach (var x in lv.Items()) levels.Add(ConcentrationValue(x, cat, name));
            if (levels.Count == 0) throw lv.Error("at least one level");
            for (int i = 1; i < levels.Count; i++) if (levels[i] < levels[i - 1]) throw lv.Error("levels in increasing order");
        }
        else
        {
            double start = ConcentrationValue(v.Require("start"), cat, name);
            double max = ConcentrationValue(v.Require("maximum"), cat, name);
            if (start <= 0) throw v.Require("start").Error("a positive starting concentration");
            if (max < start) throw v.Require("maximum").Error($"a maximum of at least the start ({start:G6} uM)", "the escalation could never begin");
            if (v.Get("factor") is { } f)
            {
                double factor = f.Number();
                if (factor <= 1) throw f.Error("a factor above 1 (e.g. 1.5)", "the escalation would never reach its maximum");
                for (double c = start; c < max * (1 - 1e-9); c *= factor) levels.Add(c);
                levels.Add(max);
            }
            else if (v.Get("step") is { } st)
            {
                double step = ConcentrationValue(st, cat, name);
                if (step <= 0) throw st.Error("a positive step", "the escalation would never reach its maximum");
                for (double c = start; c < max * (1 - 1e-9); c += step) levels.Add(c);
                levels.Add(max);
            }
            else throw new UserInputException("an escalation needs 'factor' (e.g. 1.5), 'step' (e.g. 2 uM) or 'levels'", v.Where());
        }
        var adv = v.Require("advance");
        var rule = ParseAdvance(adv);
        double? exposure = v.Get("exposure") is { } e ? Positive(e, DurationValue(e)) : null;
        return new Escalation(name, levels, rule, exposure);
    }

    private static AdvanceRule ParseAdvance(YamlTree n)
    {
        var s = n.Scalar.Trim().ToLowerInvariant();
        var words = s.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 3 && words[0] == "after" && words[2].StartsWith("passage") && int.TryParse(words[1], out var k) && k >= 1) return new AfterPassages(k);
        if (words.Length >= 2 && words[0] == "every") return new AfterTime(QuantityParser.ParseDuration(string.Join(' ', words[1..]), n.Where()).Hours);
        if (words.Length >= 1 && words[0] == "when")
        {
            var c = ParseCondition(n, s[4..].Trim());
            if (c.Clauses.Count == 1 && c.Clauses[0].What == Observable.Confluence && c.Clauses[0].Op is Comparison.Ge or Comparison.Gt)
                return new WhenConfluence(c.Clauses[0].Value);
        }
        throw n.Error("an advance rule: 'after 2 passages', 'when confluence >= 70%' or 'every 2 weeks'");
    }

    // ------------------------------------------------------------------ conditions

    private static readonly Dictionary<string, Observable> Observables = new()
    {
        ["confluence"] = Observable.Confluence, ["cells"] = Observable.Cells, ["passages"] = Observable.Passages,
        ["passages_at_level"] = Observable.PassagesAtLevel, ["dose"] = Observable.Dose, ["cumulative_dose"] = Observable.Dose,
        ["fractions"] = Observable.Fractions, ["time"] = Observable.Time, ["phase_time"] = Observable.PhaseTime,
    };

    public static Condition ParseCondition(YamlTree node) => ParseCondition(node, node.Scalar);

    private static Condition ParseCondition(YamlTree node, string text)
    {
        var clauses = new List<Clause>();
        foreach (var raw in text.Split(" and ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var part = raw.Trim().ToLowerInvariant();
            if (part is "escalation complete") { clauses.Add(new Clause(Observable.EscalationComplete, Comparison.Ge, 1)); continue; }
            if (part is "extinct") { clauses.Add(new Clause(Observable.Extinct, Comparison.Ge, 1)); continue; }
            string[] ops = [">=", "<=", ">", "<", "≥", "≤"];
            var op = ops.FirstOrDefault(o => part.Contains(o));
            if (op is null) throw node.Error("a condition such as 'confluence >= 80%', 'cells >= 1e6', 'dose >= 60 Gy', 'fractions >= 25', 'passages >= 10', 'time >= 6 months' or 'escalation complete' (joined by 'and')");
            var lhs = part[..part.IndexOf(op, StringComparison.Ordinal)].Trim();
            var rhs = part[(part.IndexOf(op, StringComparison.Ordinal) + op.Length)..].Trim();
            if (!Observables.TryGetValue(lhs, out var what))
                throw UserInputException.Invalid(node.Where(), lhs, "one of " + string.Join(", ", Observables.Keys), NameMatcher.Nearest(lhs, Observables.Keys) is { } m ? $"did you mean '{m}'?" : null);
            var cmp = op switch { ">=" or "≥" => Comparison.Ge, "<=" or "≤" => Comparison.Le, ">" => Comparison.Gt, _ => Comparison.Lt };
            double value = what switch
            {
                Observable.Confluence => Fraction(node, rhs),
                Observable.Cells => CellsValue(node, rhs),
                Observable.Dose => QuantityParser.ParseDose(rhs, node.Where()).Gray,
                Observable.Time or Observable.PhaseTime => QuantityParser.ParseDuration(rhs, node.Where()).Hours,
                _ => int.TryParse(rhs, out var k) && k >= 0 ? k : throw node.Error($"a whole number after '{lhs} {op}'"),
            };
            clauses.Add(new Clause(what, cmp, value));
        }
        return new Condition(clauses, text.Trim());
    }

    private static double CellsValue(YamlTree node, string s)
    {
        s = s.Replace("cells", "").Trim();
        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw node.Error("a number of cells such as '1e6'");
    }

    private static double Fraction(YamlTree node, string s)
    {
        double v;
        if (s.EndsWith('%') && double.TryParse(s[..^1].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out v)) v /= 100;
        else if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out v)) throw node.Error("a confluence such as '80%' or 0.8");
        if (v < 0 || v > 1) throw node.Error("a confluence between 0 % and 100 %");
        return v;
    }

    /// <summary>A phase that ends on a condition its own rules can never bring about is an impossible schedule.</summary>
    private static void CheckReachable(Phase phase, YamlTree item)
    {
        if (phase.Until is null) return;
        var actions = phase.Rules.SelectMany(r => r.Actions).ToArray();
        foreach (var c in phase.Until.Clauses)
        {
            bool reachable = c.What switch
            {
                Observable.Fractions or Observable.Dose => c.Op is Comparison.Le or Comparison.Lt || actions.Any(a => a is IrradiateAction),
                Observable.EscalationComplete => actions.Any(a => a is EscalateAction),
                Observable.Passages or Observable.PassagesAtLevel => c.Op is Comparison.Le or Comparison.Lt || actions.Any(a => a is PassageAction),
                _ => true,
            };
            if (!reachable)
                throw UserInputException.Invalid(item.Require("until").Where(), phase.Until.Text, "a condition this phase's schedule can bring about",
                    c.What switch { Observable.Fractions or Observable.Dose => "the phase never irradiates", Observable.EscalationComplete => "the phase has no escalation", _ => "the phase never passages" });
            if (c.What == Observable.Dose && c.Op is Comparison.Ge or Comparison.Gt)
            {
                var limits = actions.OfType<IrradiateAction>().Where(a => a.TotalGray is not null).Select(a => a.TotalGray!.Value).ToArray();
                if (limits.Length == actions.OfType<IrradiateAction>().Count() && limits.Length > 0 && limits.Max() < c.Value - 1e-9)
                    throw UserInputException.Invalid(item.Require("until").Where(), phase.Until.Text, $"a dose the irradiation can reach (its total stops at {limits.Max():G6} Gy)");
            }
        }
    }
}
