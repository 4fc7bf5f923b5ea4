using System.Globalization;
using ResLab.Biology;
using ResLab.Simulation;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Assays;

/// <summary>The assays <c>reslab assay KIND</c> runs.</summary>
public enum AssayKind { Mtt, Clonogenic, Edu, Gsh, Ros, Apoptosis, Transwell, Stability }

/// <summary>
/// <c>reslab assay KIND</c>: resolves the samples (population snapshots and/or catalogue lines), runs one virtual
/// assay and writes its files into an output directory that appears complete or not at all.
/// </summary>
public static class AssayJob
{
    public static readonly IReadOnlyDictionary<string, AssayKind> Kinds = new Dictionary<string, AssayKind>
    {
        ["mtt"] = AssayKind.Mtt, ["clonogenic"] = AssayKind.Clonogenic, ["edu"] = AssayKind.Edu, ["brdu"] = AssayKind.Edu, ["gsh"] = AssayKind.Gsh,
        ["ros"] = AssayKind.Ros, ["apoptosis"] = AssayKind.Apoptosis, ["transwell"] = AssayKind.Transwell, ["stability"] = AssayKind.Stability,
    };

    public sealed record Options
    {
        public required AssayKind Kind { get; init; }
        public IReadOnlyList<string> Populations { get; init; } = [];
        public IReadOnlyList<string> Lines { get; init; } = [];
        /// <summary>Also assay the parental line of each snapshot (for a resistance index).</summary>
        public bool WithParental { get; init; }
        public required string OutputDirectory { get; init; }
        public string? CatalogueFile { get; init; }
        public ulong Seed { get; init; } = 1;
        public bool NoNoise { get; init; }
        public string Drug { get; init; } = "cisplatin";
        public IReadOnlyList<double>? Concentrations { get; init; }
        public IReadOnlyList<double>? ExposureHours { get; init; }
        public IReadOnlyList<AssayDrug> With { get; init; } = [];
        public IReadOnlyList<double>? DosesGy { get; init; }
        public IReadOnlyList<AssayDrug> Treatment { get; init; } = [];
        public double? TreatmentHours { get; init; }
        public double Weeks { get; init; } = 4;
    }

    public sealed record Result(string OutputDirectory, IReadOnlyList<string> Files, IReadOnlyList<string> Samples);

    public static Result Run(Options o)
    {
        var catalogue = o.CatalogueFile is null ? Catalogue.Default : Catalogue.Default.WithUserFile(o.CatalogueFile);
        if (o.Kind == AssayKind.Clonogenic && o.Concentrations is not null && o.DosesGy is not null)
            throw new UserInputException("give either --doses (a radiation clonogenic assay) or --concentrations (a drug clonogenic assay), not both", new InputLocation(Field: "--concentrations"));
        var samples = Samples(o, catalogue);
        using var dir = OutputDirectory.Begin(o.OutputDirectory);
        var mtt = new MttOptions
        {
            Drug = o.Drug, Seed = o.Seed, Noise = o.NoNoise ? MttNoise.None : MttNoise.Default,
            Concentrations = o.Concentrations ?? new MttOptions().Concentrations, ExposureHours = o.ExposureHours ?? [72],
        };
        switch (o.Kind)
        {
            case AssayKind.Mtt:
                MttAssay.Run(samples, mtt, dir.Path, catalogue);
                break;
            case AssayKind.Clonogenic when o.Concentrations is not null:
                DrugClonogenicAssay.Run(samples, new DrugClonogenicOptions
                {
                    Drug = o.Drug, Concentrations = o.Concentrations, ExposureHours = o.TreatmentHours ?? 24, Seed = o.Seed, Noise = !o.NoNoise,
                }, dir.Path, catalogue);
                break;
            case AssayKind.Clonogenic:
                ClonogenicAssay.Run(samples, new ClonogenicOptions { Seed = o.Seed, Noise = !o.NoNoise, DosesGy = o.DosesGy ?? new ClonogenicOptions().DosesGy }, dir.File("clonogenic.csv"));
                break;
            case AssayKind.Stability:
                foreach (var s in samples)
                {
                    var r = StabilityAssay.Run(s, new StabilityOptions { Weeks = o.Weeks, Seed = o.Seed }, mtt, Path.Combine(dir.Path, Safe(s.Name)), catalogue);
                    r.After.Save(Path.Combine(dir.Path, Safe(s.Name), $"after_{o.Weeks:G4}_weeks.population.json"));
                }
                break;
            default:
                var kind = o.Kind switch
                {
                    AssayKind.Edu => CellStateKind.Edu, AssayKind.Gsh => CellStateKind.Gsh, AssayKind.Ros => CellStateKind.Ros,
                    AssayKind.Apoptosis => CellStateKind.Apoptosis, _ => CellStateKind.Transwell,
                };
                CellStateAssays.Run(kind, samples, new CellStateOptions
                {
                    Seed = o.Seed, Noise = !o.NoNoise, Treatment = o.Treatment, ExposureHours = o.TreatmentHours ?? 24,
                }, dir.File(o.Kind.ToString().ToLowerInvariant() + ".csv"), catalogue);
                break;
        }
        var files = Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(dir.Path, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        dir.Commit();
        return new Result(dir.FinalPath, files, samples.Select(s => s.Name).ToList());
    }

    /// <summary>The samples: each snapshot (named by its file, or by its line with --with-parental), then each catalogue line (10⁶ founder cells).</summary>
    public static List<AssaySample> Samples(Options o, Catalogue catalogue)
    {
        var list = new List<AssaySample>();
        foreach (var path in o.Populations)
        {
            if (!File.Exists(path)) throw new UserInputException("population snapshot not found", new InputLocation(path, Field: "--population"));
            var p = Population.Load(path);
            if (p.Total == 0) throw new UserInputException("the population snapshot has no cells", new InputLocation(path));
            string name = Path.GetFileName(path);
            foreach (var ext in new[] { ".json", ".population" }) if (name.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) name = name[..^ext.Length];
            list.Add(new AssaySample(name, p, o.With));
            if (o.WithParental) list.Add(new AssaySample("parental", Population.Seed(p.Line, 1_000_000), o.With));
        }
        foreach (var l in o.Lines)
            list.Add(new AssaySample(l, Population.Seed(catalogue.CellLine(l, new InputLocation(Field: "--line")), 1_000_000), o.With));
        if (list.Count == 0) throw new UserInputException("no samples: give --population SNAPSHOT or --line NAME (or both, repeated)", new InputLocation(Field: "--population"));
        return list;
    }

    /// <summary>Parses "DRUG=CONC" pairs such as "telaglenastat=1 uM".</summary>
    public static IReadOnlyList<AssayDrug> ParseDrugs(IReadOnlyList<string>? items, string field, Catalogue? catalogue = null)
    {
        catalogue ??= Catalogue.Default;
        var list = new List<AssayDrug>();
        foreach (var item in items ?? [])
        {
            int eq = item.IndexOf('=');
            if (eq <= 0) throw UserInputException.Invalid(new InputLocation(Field: field), item, "DRUG=CONCENTRATION, e.g. telaglenastat=1uM");
            var drug = catalogue.Drug(item[..eq].Trim(), new InputLocation(Field: field));
            var c = QuantityParser.ParseConcentration(item[(eq + 1)..].Trim(), new InputLocation(Field: field));
            list.Add(new AssayDrug(drug.Name, c.Micromolar));
        }
        return list;
    }

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    internal static string Num(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
