using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ResLab.Biology;
using ResLab.Protocols;
using ResLab.Simulation.Random;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Sweeps;

/// <summary>
/// Reads a sweep file (YAML, docs/sweeps.md) into a validated <see cref="SweepDefinition"/>: every mistake is a user
/// error with file, line and field (unknown keys and parameter paths with the nearest name, empty grids, bad units),
/// and every point's protocol is built and validated before anything runs.
/// </summary>
public static class SweepReader
{
    private static readonly string[] TopKeys = ["name", "description", "protocol", "experiment", "quick", "catalogue", "set", "parameters", "design", "samples", "replicates", "seed", "metrics", "series"];
    private static readonly string[] ParameterKeys = ["path", "name", "values", "range", "unit"];
    private static readonly string[] Reserved = ["point", "replicate", "seed", "outcome"];

    public static SweepDefinition Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read the sweep file: {e.Message}", new InputLocation(path), e);
        }
        return Parse(text, path);
    }

    public static SweepDefinition Parse(string text, string? file)
    {
        var root = YamlTree.Parse(text, file);
        if (!root.IsMap) throw root.Error("a sweep: a mapping with protocol (or experiment), parameters, replicates and metrics");
        root.OnlyKeys(TopKeys);
        var dir = file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(file))!;

        var protoNode = root.Get("protocol");
        var expNode = root.Get("experiment");
        if ((protoNode is null) == (expNode is null))
            throw new UserInputException($"a sweep needs either 'protocol: FILE' or 'experiment: FILE' as its base, not {(protoNode is null ? "neither" : "both")}", root.Where());
        var catalogue = Catalogue.Default;
        string? catalogueFile = null, catalogueText = null;
        if (root.OptionalString("catalogue") is { } cf)
        {
            catalogueFile = Path.GetFullPath(Path.Combine(dir, cf));
            if (!File.Exists(catalogueFile)) throw root.Require("catalogue").Error("a catalogue file (relative to the sweep file)", $"{catalogueFile} does not exist");
            catalogue = catalogue.WithUserFile(catalogueFile);
            catalogueText = File.ReadAllText(catalogueFile);
        }
        string protocolFile, protocolText;
        string? experimentFile = null, experimentText = null;
        ResLab.Experiments.Experiment? experiment = null;
        bool quick = false;
        if (root.Get("quick") is { } qn)
        {
            if (expNode is null) throw new UserInputException("'quick' applies to experiment sweeps (the experiment's quick size); shrink a protocol with 'set' instead", root.KeyWhere("quick"));
            quick = qn.Bool();
        }
        if (expNode is not null)
        {
            experimentFile = Path.GetFullPath(Path.Combine(dir, expNode.Scalar));
            if (!File.Exists(experimentFile)) throw expNode.Error("an experiment file (relative to the sweep file)", $"{experimentFile} does not exist");
            experimentText = File.ReadAllText(experimentFile);
            experiment = ResLab.Experiments.ExperimentReader.Load(experimentFile, catalogue); // its own mistakes against its own lines
            protocolFile = experiment.ProtocolPath is { } pp ? Path.GetFullPath(pp) : experimentFile;
            protocolText = File.ReadAllText(protocolFile);
        }
        else
        {
            protocolFile = Path.GetFullPath(Path.Combine(dir, protoNode!.Scalar));
            if (!File.Exists(protocolFile)) throw protoNode.Error("a protocol file (relative to the sweep file)", $"{protocolFile} does not exist");
            protocolText = File.ReadAllText(protocolFile);
        }
        // an experiment without a protocol has only drug values to vary
        var patcher = experiment is { Protocol: null } ? null : new ProtocolPatcher(protocolText, protocolFile, catalogue);
        void CheckPath(string path, InputLocation where)
        {
            if (DrugPaths.IsDrugPath(path)) DrugPaths.Check(path, catalogue, where);
            else if (patcher is null)
                throw new UserInputException($"unknown parameter path '{path}': the experiment {Path.GetFileName(experimentFile)} has no protocol, so only drug values (drugs.<drug>.<field>) can vary", where);
            else patcher.Check(path, where);
        }

        var set = new List<(string, string)>();
        if (root.Get("set") is { } setNode)
            foreach (var (key, value) in setNode.Entries())
            {
                CheckPath(key, setNode.KeyWhere(key));
                set.Add((key, value.Scalar));
            }

        var design = DesignKind.Grid;
        if (root.Get("design") is { } dn)
            design = dn.Scalar.Trim().ToLowerInvariant() switch
            {
                "grid" => DesignKind.Grid,
                "latin_hypercube" or "latin-hypercube" or "lhs" => DesignKind.LatinHypercube,
                "random" => DesignKind.Random,
                _ => throw dn.Error("grid, latin_hypercube or random"),
            };
        int samples = 0;
        if (design != DesignKind.Grid)
        {
            var sn = root.Get("samples") ?? throw new UserInputException($"a {Describe(design)} design needs 'samples': how many points to draw", root.KeyWhere("design"));
            samples = PositiveInt(sn, 1_000_000);
        }
        else if (root.Get("samples") is { } s0) throw new UserInputException("'samples' applies to latin_hypercube and random designs; a grid takes every combination", root.KeyWhere("samples"));

        var parameters = new List<SweepParameter>();
        if (root.Get("parameters") is { } pl)
            foreach (var item in pl.Items())
            {
                item.OnlyKeys(ParameterKeys);
                var pathNode = item.Require("path");
                var path = pathNode.Scalar.Trim();
                CheckPath(path, pathNode.Where());
                var name = item.OptionalString("name") ?? Metrics.ColumnName(path.Split('.')[^1]);
                if (Metrics.ColumnName(name) != name) throw item.Require("name").Error("a column name of letters, digits and '_' starting with a letter");
                if (Reserved.Contains(name) || parameters.Any(p => p.Name == name))
                    throw new UserInputException($"the parameter name '{name}' is {(Reserved.Contains(name) ? "reserved" : "used twice")}; give each parameter its own 'name'", item.Where());
                parameters.Add(ReadParameter(item, name, path, design));
            }
        var replicates = root.Get("replicates") is { } rn ? PositiveInt(rn, 10_000_000) : 1;
        ulong seed = 1;
        if (root.Get("seed") is { } sd && !ulong.TryParse(sd.Scalar, NumberStyles.None, CultureInfo.InvariantCulture, out seed)) throw sd.Error("a whole number of 0 or more");

        var metrics = new List<MetricSpec>();
        if (root.Get("metrics") is { } ml)
            foreach (var m in ml.Items())
            {
                MetricSpec spec;
                if (m.IsMap)
                {
                    m.OnlyKeys(["name", "metric"]);
                    var col = m.Require("name").Scalar.Trim();
                    if (Metrics.ColumnName(col) != col) throw m.Require("name").Error("a column name of letters, digits and '_' starting with a letter");
                    spec = Metrics.Parse(m.Require("metric").Scalar, col, m.Require("metric").Where(), experiment);
                }
                else spec = Metrics.Parse(m.Scalar, null, m.Where(), experiment);
                if (!spec.IsResult && experiment is { Protocol: null })
                    throw m.Error("a result(ASSAY, SAMPLE, METRIC) metric", $"the experiment {Path.GetFileName(experimentFile)} has no protocol, so protocol metrics such as '{spec.Text}' have nothing to read");
                if (metrics.Any(x => x.Name == spec.Name) || parameters.Any(p => p.Name == spec.Name) || Reserved.Contains(spec.Name))
                    throw m.Error("a metric column name not used by another metric or parameter", "give it a 'name'");
                metrics.Add(spec);
            }
        else if (experiment is { Protocol: null }) throw new UserInputException("an experiment sweep without a protocol needs 'metrics': result(ASSAY, SAMPLE, METRIC) of its analysis", root.Where());
        else
            foreach (var d in new[] { "final_cells", "extinct", "fraction_keap1", "clones_alive" }) metrics.Add(Metrics.Parse(d, null, root.Where()));
        if (metrics.Count == 0) throw root.Require("metrics").Error("at least one metric such as final_cells");
        bool series = root.Get("series") is { } se && se.Bool();
        if (series && experiment is { Protocol: null })
            throw new UserInputException($"'series' keeps the protocol's time series; the experiment {Path.GetFileName(experimentFile)} has no protocol", root.KeyWhere("series"));

        var points = design == DesignKind.Grid ? Grid(parameters) : Sample(parameters, samples, seed, design == DesignKind.LatinHypercube);
        var protocols = new List<ResLab.Protocols.Protocol>(points.Count);
        var catalogues = new List<Catalogue>(points.Count);
        var experiments = experiment is null ? null : new List<ResLab.Experiments.Experiment>(points.Count);
        foreach (var pt in points)
        {
            var where = parameters.Count > 0 ? parameters[0].Where : root.Where();
            var changes = set.Concat(parameters.Select((p, i) => (p.Path, pt.Values[i].Text))).ToList();
            Catalogue cat;
            try { cat = DrugPaths.Apply(catalogue, changes.Where(c => DrugPaths.IsDrugPath(c.Item1)), where); }
            catch (UserInputException e) { throw new UserInputException($"{Label(parameters, pt)}: {e.Message}", null, e); }
            catalogues.Add(cat);
            var protocol = patcher?.Apply(changes.Where(c => !DrugPaths.IsDrugPath(c.Item1)), Label(parameters, pt), where, cat);
            if (experiment is null) protocols.Add(protocol!);
            else
            {
                ResLab.Experiments.Experiment ex;
                try { ex = ResLab.Experiments.ExperimentReader.Load(experimentFile!, cat, protocol); }
                catch (UserInputException e) { throw new UserInputException($"{Label(parameters, pt)} makes an invalid experiment from {Path.GetFileName(experimentFile)}: {e.Message}", where, e); }
                experiments!.Add(ex);
                if (ex.Protocol is not null) protocols.Add(ResLab.Reporting.ExperimentJob.QuickProtocol(ex, quick));
            }
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text + "\0" + protocolText + "\0" + (catalogueText ?? "") + (experimentText is null ? "" : "\0" + experimentText)))).ToLowerInvariant();
        return new SweepDefinition
        {
            Name = root.OptionalString("name") ?? (file is null ? "sweep" : Path.GetFileNameWithoutExtension(file)),
            Description = root.OptionalString("description") ?? "",
            SourceFile = file is null ? null : Path.GetFullPath(file),
            Text = text,
            ProtocolFile = protocolFile,
            ProtocolText = protocolText,
            CatalogueFile = catalogueFile,
            Set = set,
            Parameters = parameters,
            Design = design,
            Points = points,
            Replicates = replicates,
            Seed = seed,
            Metrics = metrics,
            Series = series,
            Protocols = protocols,
            Catalogues = catalogues,
            ExperimentFile = experimentFile,
            Experiments = experiments,
            Quick = quick,
            Hash = hash,
        };
    }

    /// <summary>"point 3 (factor = 1.5, keap1 = 1e-6)".</summary>
    public static string Label(IReadOnlyList<SweepParameter> ps, SweepPoint pt) =>
        $"point {pt.Index}" + (ps.Count == 0 ? "" : " (" + string.Join(", ", ps.Select((p, i) => $"{p.Name} = {pt.Values[i].Text}")) + ")");

    private static string Describe(DesignKind d) => d switch { DesignKind.LatinHypercube => "latin_hypercube", DesignKind.Random => "random", _ => "grid" };

    private static int PositiveInt(YamlTree n, int max)
    {
        if (!int.TryParse(n.Scalar, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 1 || v > max) throw n.Error($"a whole number from 1 to {max:N0}");
        return v;
    }

    private static SweepParameter ReadParameter(YamlTree item, string name, string path, DesignKind design)
    {
        var unit = item.OptionalString("unit")?.Trim();
        if (unit is not null && !UnitExpression.TryParse("1 " + unit, out _, out var ue)) throw item.Require("unit").Error("a unit such as uM, h, days, /Gy or cells", ue);
        var valuesNode = item.Get("values");
        var rangeNode = item.Get("range");
        if ((valuesNode is null) == (rangeNode is null))
            throw new UserInputException($"parameter '{name}' needs either 'values' (a list) or 'range' ({{ from, to, points, scale }}), not {(valuesNode is null ? "neither" : "both")}", item.Where());
        if (valuesNode is not null)
        {
            var values = new List<ParameterValue>();
            foreach (var v in valuesNode.Items())
            {
                var t = v.Scalar.Trim();
                if (unit is not null && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) t = $"{t} {unit}";
                values.Add(new ParameterValue(t, UnitExpression.TryParse(t, out var dv, out _) ? dv.Value : null));
            }
            if (values.Count == 0) throw valuesNode.Error($"at least one value for parameter '{name}'", "an empty grid has no points");
            var dims = values.Where(v => v.Number is not null).Select(v => Dim(v.Text)).Distinct().ToArray();
            if (values.All(v => v.Number is not null) && dims.Length > 1) throw valuesNode.Error($"values of one kind for '{name}'", "they mix units of different dimensions");
            return new SweepParameter(name, path, values.All(v => v.Number is not null) ? CanonicalUnit(dims[0]) : "", values, null, item.Where());
        }
        rangeNode!.OnlyKeys(["from", "to", "points", "scale"]);
        var from = Quantity(rangeNode.Require("from"), unit);
        var to = Quantity(rangeNode.Require("to"), unit);
        if (from.Dimension != to.Dimension) throw rangeNode.Require("to").Error($"{from.Dimension.Describe()} (the dimension of 'from')");
        bool log = false;
        if (rangeNode.Get("scale") is { } sc)
            log = sc.Scalar.Trim() switch { "log" => true, "linear" => false, _ => throw sc.Error("linear or log") };
        if (log && !(from.Value > 0 && to.Value > 0)) throw rangeNode.Error("positive 'from' and 'to' for a log scale");
        int points = 0;
        if (design == DesignKind.Grid)
        {
            var pn = rangeNode.Get("points") ?? throw new UserInputException($"a grid range needs 'points' (how many values from 'from' to 'to')", rangeNode.Where());
            if (!int.TryParse(pn.Scalar, NumberStyles.Integer, CultureInfo.InvariantCulture, out points) || points < 1 || points > 100_000)
                throw pn.Error("a whole number of points from 1 to 100,000", points == 0 ? "an empty grid has no points" : null);
            if (points == 1 && from.Value != to.Value) throw pn.Error("at least 2 points for a range from 'from' to 'to'");
        }
        else if (rangeNode.Get("points") is not null) throw new UserInputException("'points' applies to grid designs; sampled designs draw 'samples' points", rangeNode.KeyWhere("points"));
        return new SweepParameter(name, path, CanonicalUnit(from.Dimension), null, new ParameterRange(from.Value, to.Value, points, log, from.Dimension), item.Where());
    }

    private static Dimension Dim(string text) => UnitExpression.TryParse(text, out var dv, out _) ? dv.Dimension : Dimension.None;

    private static string CanonicalUnit(Dimension d) => d == Dimension.None ? "" : d.CanonicalUnit;

    private static DimensionedValue Quantity(YamlTree node, string? unit)
    {
        var t = node.Scalar.Trim();
        if (unit is not null && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) t = $"{t} {unit}";
        return UnitExpression.TryParse(t, out var dv, out var err) ? dv : throw node.Error("a number with its unit such as '2 uM', '1e-6' or '3 days'", err);
    }

    /// <summary>A value of a range in canonical units as protocol text ("1.5 uM", "72 h", "2e-06").</summary>
    internal static ParameterValue FromCanonical(double v, Dimension d)
    {
        v = double.Parse(v.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture); // clean decimals: 0.3, not 0.30000000000000004
        var n = v.ToString("R", CultureInfo.InvariantCulture);
        return new ParameterValue(d == Dimension.None ? n : $"{n} {d.CanonicalUnit}", v);
    }

    private static IReadOnlyList<ParameterValue> Levels(SweepParameter p)
    {
        if (p.Values is not null) return p.Values;
        var r = p.Range!;
        var list = new List<ParameterValue>();
        for (int i = 0; i < r.Points; i++)
        {
            double f = r.Points == 1 ? 0 : (double)i / (r.Points - 1);
            double v = r.Log ? Math.Exp(Math.Log(r.From) + f * (Math.Log(r.To) - Math.Log(r.From))) : r.From + f * (r.To - r.From);
            if (i == r.Points - 1) v = r.To;
            list.Add(FromCanonical(v, r.Dimension));
        }
        return list;
    }

    /// <summary>Every combination, the first parameter varying slowest.</summary>
    private static List<SweepPoint> Grid(IReadOnlyList<SweepParameter> ps)
    {
        var levels = ps.Select(Levels).ToArray();
        long total = levels.Aggregate(1L, (a, l) => a * l.Count);
        if (total > 1_000_000) throw new UserInputException($"the grid has {total:N0} points; at most 1,000,000 (use a latin_hypercube design)", ps[0].Where);
        var points = new List<SweepPoint>((int)total);
        for (int k = 0; k < total; k++)
        {
            var vals = new ParameterValue[ps.Count];
            long rest = k;
            for (int j = ps.Count - 1; j >= 0; j--)
            {
                vals[j] = levels[j][(int)(rest % levels[j].Count)];
                rest /= levels[j].Count;
            }
            points.Add(new SweepPoint(k, vals));
        }
        return points;
    }

    /// <summary>
    /// Latin hypercube (McKay, Beckman and Conover 1979: each parameter's range cut into n equal-probability strata,
    /// one point per stratum, strata paired at random) or independent uniform draws; from the sweep's seed.
    /// </summary>
    private static List<SweepPoint> Sample(IReadOnlyList<SweepParameter> ps, int n, ulong seed, bool latin)
    {
        var u = new double[ps.Count][];
        for (int j = 0; j < ps.Count; j++)
        {
            var rng = new RandomStream(seed, (ulong)j, StreamPurpose.Sweep, 1, 0);
            var perm = Enumerable.Range(0, n).ToArray();
            if (latin)
                for (int i = n - 1; i > 0; i--) { int k = (int)rng.NextLong(i + 1); (perm[i], perm[k]) = (perm[k], perm[i]); }
            u[j] = new double[n];
            for (int i = 0; i < n; i++) u[j][i] = latin ? (perm[i] + rng.NextDouble()) / n : rng.NextDouble();
        }
        var points = new List<SweepPoint>(n);
        for (int i = 0; i < n; i++)
        {
            var vals = new ParameterValue[ps.Count];
            for (int j = 0; j < ps.Count; j++)
            {
                var p = ps[j];
                if (p.Values is { } list) vals[j] = list[Math.Min(list.Count - 1, (int)(u[j][i] * list.Count))];
                else
                {
                    var r = p.Range!;
                    double v = r.Log ? Math.Exp(Math.Log(r.From) + u[j][i] * (Math.Log(r.To) - Math.Log(r.From))) : r.From + u[j][i] * (r.To - r.From);
                    vals[j] = FromCanonical(v, r.Dimension);
                }
            }
            points.Add(new SweepPoint(i, vals));
        }
        return points;
    }

    /// <summary>
    /// The seed of one (point, replicate) of an experiment sweep: one draw of the sweep's counter-based stream at (point,
    /// replicate), cut to 53 bits so that it is exact as an experiment file's <c>seed:</c>. The replicate runs the point's
    /// experiment with this seed, so <c>reslab experiment</c> on that experiment with <c>seed: SEED</c> reproduces its row.
    /// </summary>
    public static long ExperimentSeed(ulong sweepSeed, int point, int replicate)
    {
        var rng = new RandomStream(sweepSeed, (ulong)point, StreamPurpose.Sweep, 2, (ulong)replicate);
        return (long)(rng.NextUInt64() >> 11);
    }

    /// <summary>The seed of a point's replicates: one 63-bit draw of the sweep's counter-based stream at (point), so any
    /// (point, replicate) can be run alone, in any order, on any machine (replicate r uses the engine's stream (seed, r)).</summary>
    public static long PointSeed(ulong sweepSeed, int point)
    {
        var rng = new RandomStream(sweepSeed, (ulong)point, StreamPurpose.Sweep, 0, 0);
        return (long)(rng.NextUInt64() >> 1);
    }
}
