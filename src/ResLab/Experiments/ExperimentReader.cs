using ResLab.Assays;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Protocols;
using ResLab.Simulation;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Experiments;

/// <summary>
/// Reads an experiment file (YAML). Every mistake is a <see cref="UserInputException"/> with the file, line,
/// column and field: unknown keys (with the nearest), unknown assay kinds, samples that are neither a protocol
/// readout nor a built population nor 'parental', quantities with the wrong unit.
/// </summary>
public static class ExperimentReader
{
    private static readonly string[] TopKeys = ["name", "description", "seed", "protocol", "cell_line", "populations", "assays", "reference", "quick", "checkpoints", "overrides", "washout"];
    private static readonly string[] Kinds = ["mtt", "clonogenic", "edu", "gsh", "ros", "apoptosis", "transwell", "stability"];
    private static readonly string[] StepKeys = [.. Kinds, "on", "name"];
    private static readonly Dictionary<string, Mutations> MutationNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["KEAP1"] = Mutations.Keap1, ["NFE2L2"] = Mutations.Nfe2l2, ["CUL3"] = Mutations.Cul3, ["TP53"] = Mutations.Tp53,
    };

    /// <param name="protocol">The experiment's protocol already read (a sweep's point: the file's protocol with the point's values), used instead of reading the file it names.</param>
    public static Experiment Load(string path, Catalogue? catalogue = null, Protocol? protocol = null)
    {
        var given = protocol;
        if (!File.Exists(path)) throw new UserInputException("experiment file not found", new InputLocation(path));
        var cat = catalogue ?? Catalogue.Default;
        var root = YamlTree.Load(path);
        if (!root.IsMap) throw root.Error("an experiment: a mapping with name, protocol or populations, and assays");
        root.OnlyKeys(TopKeys);
        protocol = null;
        if (root.Get("protocol") is { } pn)
        {
            var ppath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", pn.Scalar);
            if (!File.Exists(ppath)) throw new UserInputException($"protocol file '{pn.Scalar}' not found (looked in {ppath})", pn.Where());
            protocol = given ?? ProtocolReader.Load(ppath, cat);
        }
        CellLine line;
        if (root.Get("cell_line") is { } ln)
        {
            line = cat.CellLine(ln.Scalar, ln.Where());
            if (protocol is not null && line.Name == protocol.Line.Name) line = protocol.Line; // keeps the protocol's overrides
            else if (protocol is { OverridesLine: true })
                throw new UserInputException($"the protocol overrides parameters of {protocol.Line.Name} (its 'overrides:'); running it on {line.Name} would silently drop them. "
                    + "Remove 'cell_line' to run the protocol's line, or copy the overrides into this experiment's 'overrides:'", ln.Where());
        }
        else if (protocol is not null) line = protocol.Line;
        else throw new UserInputException("missing 'cell_line' (needed when there is no protocol)", root.Where("cell_line"));
        if (root.Get("overrides") is { } ov)
        {
            // the line's parameters changed for this experiment (e.g. how radiation changes DSB repair), protocol included
            ov.OnlyKeys(["parameters"]);
            var name = line.Name;
            line = line.WithOverrides(CatalogueReader.ReadParameterMap(ov.Require("parameters"), requireSource: false, defaultSource: "experiment override"));
            if (protocol is not null) protocol = protocol with { Line = line, Name = $"{protocol.Name} [{name} with overrides]" };
        }
        if (protocol is not null && protocol.Line.Name != line.Name) protocol = protocol with { Line = line, Name = $"{protocol.Name} [on {line.Name}]" };
        if (root.Get("checkpoints") is { } cps)
        {
            if (protocol is null) throw cps.Error("no checkpoints without a protocol");
            var extra = new List<Readout>();
            if (cps.IsMap)
            {
                // { every: 4 weeks }: a checkpoint every interval up to the protocol's end, named week4, week8, … (or day…)
                cps.OnlyKeys(["every"]);
                var ev = cps.Require("every");
                double step = QuantityParser.ParseDuration(ev.Scalar, ev.Where()).Hours;
                if (!(step >= 24)) throw ev.Error("an interval of at least 1 day");
                int n = 0;
                for (double t = step; t < protocol.Duration - 1e-6; t += step)
                {
                    if (++n > 100) throw ev.Error("an interval giving at most 100 checkpoints");
                    string nm = step % (7 * 24) == 0 ? $"week{Math.Round(t / (7 * 24))}" : $"day{Math.Round(t / 24)}";
                    if (protocol.Readouts.All(r => r.Name != nm)) extra.Add(new Readout(nm, t));
                }
            }
            else foreach (var c in cps.Items())
            {
                c.OnlyKeys(["name", "at"]);
                var name = c.Require("name").Scalar;
                if (protocol.Readouts.Any(r => r.Name == name) || extra.Any(r => r.Name == name)) throw c.Require("name").Error("a checkpoint name not used by the protocol's readouts or another checkpoint");
                var at = QuantityParser.ParseDuration(c.Require("at").Scalar, c.Require("at").Where()).Hours;
                if (!(at > 0) || at > protocol.Duration) throw c.Require("at").Error($"a time within the protocol's duration ({protocol.Duration / 24:G4} days)");
                extra.Add(new Readout(name, at));
            }
            protocol = protocol with { Readouts = [.. protocol.Readouts, .. extra] };
        }

        var populations = new Dictionary<string, Population>(StringComparer.Ordinal);
        var derived = new Dictionary<string, (Protocol, string)>(StringComparer.Ordinal);
        if (root.Get("populations") is { } pops)
            foreach (var (name, node) in pops.Entries())
            {
                if (node.IsMap && node.Get("protocol") is { } dp)
                {
                    node.OnlyKeys(["protocol", "readout"]);
                    var ppath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", dp.Scalar);
                    if (!File.Exists(ppath)) throw new UserInputException($"protocol file '{dp.Scalar}' not found (looked in {ppath})", dp.Where());
                    var prot = ProtocolReader.Load(ppath, cat);
                    var ro = node.Require("readout");
                    if (prot.Readouts.All(r => r.Name != ro.Scalar)) throw ro.Error("a readout of that protocol: " + string.Join(", ", prot.Readouts.Select(r => r.Name)));
                    derived[name] = (prot, ro.Scalar);
                }
                else populations[name] = BuildPopulation(node, line, cat);
            }

        var samples = new HashSet<string>(StringComparer.Ordinal) { "parental" };
        foreach (var r in protocol?.Readouts ?? []) samples.Add(r.Name);
        foreach (var p in populations.Keys) samples.Add(p);
        foreach (var p in derived.Keys) samples.Add(p);

        var steps = new List<AssayStep>();
        var assays = root.Require("assays");
        foreach (var item in assays.Items())
        {
            item.OnlyKeys(StepKeys);
            var kinds = item.Entries().Where(e => Kinds.Contains(e.Key)).ToList();
            if (kinds.Count != 1) throw new UserInputException($"each assay names exactly one kind ({string.Join(", ", Kinds)}); found {kinds.Count}", item.Where());
            var (kindName, settings) = kinds[0];
            var on = new List<string>();
            var onNode = item.Require("on");
            foreach (var s in onNode.IsList ? onNode.Items() : [onNode])
            {
                if (!samples.Contains(s.Scalar))
                    throw new UserInputException($"unknown sample '{s.Scalar}'{NameMatcher.Hint(s.Scalar, samples)}; expected a protocol readout, a population or 'parental': {string.Join(", ", samples.Order())}", s.Where());
                on.Add(s.Scalar);
            }
            steps.Add(ReadStep(item.OptionalString("name") ?? $"{steps.Count + 1:00}_{kindName}", AssayJob.Kinds[kindName], settings, on, cat, item.Where().Line ?? 0));
        }
        if (steps.Count == 0) throw assays.Error("at least one assay");
        string reference = root.OptionalString("reference") ?? "parental";
        if (!samples.Contains(reference)) throw root.Require("reference").Error("a sample: " + string.Join(", ", samples.Order()));
        double qs = 0.01, qt = 1;
        if (root.Get("quick") is { } q)
        {
            q.OnlyKeys(["scale", "time_scale"]);
            if (q.Get("scale") is { } s) { qs = s.Number(); if (!(qs > 0)) throw s.Error("a positive factor"); }
            if (q.Get("time_scale") is { } t) { qt = t.Number(); if (!(qt > 0 && qt <= 1)) throw t.Error("a factor in (0, 1]"); }
        }
        double washout = 0;
        if (root.Get("washout") is { } wo)
        {
            washout = QuantityParser.ParseDuration(wo.Scalar, wo.Where()).Hours;
            if (!(washout >= 0) || washout > 365 * 24) throw wo.Error("a drug-free culture time between 0 days and 1 year");
        }
        return new Experiment
        {
            Name = root.OptionalString("name") ?? Path.GetFileNameWithoutExtension(path),
            Description = root.OptionalString("description") ?? "",
            File = path, Protocol = protocol, ProtocolPath = protocol is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".", root.Require("protocol").Scalar), Line = line, Populations = populations, Derived = derived, Assays = steps, Reference = reference,
            Seed = root.Get("seed") is { } sd ? (ulong)Math.Max(0, sd.Number()) : 1,
            QuickScale = qs, QuickTimeScale = qt, WashoutHours = washout,
        };
    }

    private static Population BuildPopulation(YamlTree n, CellLine line, Catalogue cat)
    {
        n.OnlyKeys(["line", "mutations", "cells", "persister_fraction"]);
        var l = n.Get("line") is { } ln ? cat.CellLine(ln.Scalar, ln.Where()) : line;
        var g = l.Genotype;
        if (n.Get("mutations") is { } ms)
            foreach (var m in ms.IsList ? ms.Items() : [ms])
            {
                if (!MutationNames.TryGetValue(m.Scalar, out var mu)) throw m.Error("a mutation: " + string.Join(", ", MutationNames.Keys), NameMatcher.Nearest(m.Scalar, MutationNames.Keys) is { } x ? $"did you mean '{x}'?" : null);
                g = g.With(mu);
            }
        long cells = n.Get("cells") is { } c ? (long)c.Number() : 1_000_000;
        if (cells < 1000) throw n.Require("cells").Error("at least 1000 cells");
        var pop = Population.FromPhenotypes(l, [(Phenotype.Founder(g), cells)]);
        if (n.Get("persister_fraction") is { } pf)
        {
            double f = pf.Number();
            if (!(f >= 0 && f < 1)) throw pf.Error("a fraction in [0, 1)");
            // drug-tolerant persisters on top of the cycling/quiescent split (a population just after a drug pulse)
            pop = new Population(pop.Line, 0, pop.Clones.Select(x =>
            {
                long p = (long)Math.Round(x.Total * f);
                long cyc = Math.Max(0, x.Cycling - p);
                return x with { Cycling = cyc, Persister = x.Cycling - cyc };
            }).ToList());
        }
        return pop;
    }

    private static AssayStep ReadStep(string id, AssayKind kind, YamlTree s, List<string> on, Catalogue cat, int line)
    {
        var step = new AssayStep { Id = id, Kind = kind, On = on, Line = line };
        if (s.IsNull) return step;
        string[] keys = kind switch
        {
            AssayKind.Mtt => ["drug", "concentrations", "exposure", "with"],
            AssayKind.Stability => ["drug", "concentrations", "exposure", "with", "weeks"],
            AssayKind.Clonogenic => ["doses", "with", "drug", "concentrations", "exposure"],
            _ => ["treat", "for", "with"],
        };
        s.OnlyKeys(keys);
        if (s.Get("drug") is { } d) step = step with { Drug = cat.Drug(d.Scalar, d.Where()).Name };
        if (s.Get("concentrations") is { } cs)
        {
            var list = cs.Items().Select(x => QuantityParser.ParseConcentration(x.Scalar, x.Where()).Micromolar).ToList();
            if (list.Count is 0 or > 10 || list.Any(v => !(v > 0))) throw cs.Error("1 to 10 concentrations > 0");
            step = step with { Concentrations = list };
        }
        if (s.Get("exposure") is { } ex) step = step with { ExposureHours = QuantityParser.ParseDuration(ex.Scalar, ex.Where()).Hours };
        if (s.Get("with") is { } w) step = step with { With = Drugs(w, cat) };
        if (s.Get("treat") is { } t) step = step with { Treatment = Drugs(t, cat) };
        if (s.Get("for") is { } f) step = step with { TreatmentHours = QuantityParser.ParseDuration(f.Scalar, f.Where()).Hours };
        if (s.Get("weeks") is { } wk) step = step with { Weeks = QuantityParser.ParseDuration(wk.Scalar, wk.Where()).Hours / (7 * 24) };
        if (s.Get("doses") is { } ds) step = step with { DosesGy = ds.Items().Select(x => QuantityParser.ParseDose(x.Scalar, x.Where()).Gray).ToList() };
        if (kind == AssayKind.Clonogenic && step.Concentrations is not null)
        {
            if (step.DosesGy is not null) throw s.Require("concentrations").Error("either doses (a radiation clonogenic assay) or concentrations (a drug clonogenic assay), not both");
            if (s.Get("exposure") is null) step = step with { ExposureHours = new DrugClonogenicOptions().ExposureHours };
        }
        return step;
    }

    private static List<AssayDrug> Drugs(YamlTree n, Catalogue cat) =>
        n.Entries().Select(e => new AssayDrug(cat.Drug(e.Key, n.KeyWhere(e.Key)).Name, QuantityParser.ParseConcentration(e.Value.Scalar, e.Value.Where()).Micromolar)).ToList();
}
