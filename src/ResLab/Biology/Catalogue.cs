using System.Reflection;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Biology;

/// <summary>
/// The built-in catalogue of cell lines and drugs (embedded YAML in Biology/Data), optionally extended or
/// overridden by a user's file of the same format. Look-ups are case-insensitive, accept aliases, and suggest the
/// nearest name for a misspelt one.
/// </summary>
public sealed class Catalogue
{
    public IReadOnlyList<CellLine> CellLines { get; }
    public IReadOnlyList<Drug> Drugs { get; }
    public ParameterSet Defaults { get; }

    private Catalogue(ParameterSet defaults, IReadOnlyList<CellLine> lines, IReadOnlyList<Drug> drugs)
    {
        Defaults = defaults;
        CellLines = lines;
        Drugs = drugs;
    }

    private static readonly Lazy<Catalogue> BuiltIn = new(LoadBuiltIn);

    /// <summary>The shipped catalogue.</summary>
    public static Catalogue Default => BuiltIn.Value;

    private static string Resource(string name)
    {
        using var s = typeof(Catalogue).Assembly.GetManifestResourceStream("ResLab.Biology.Data." + name)
                      ?? throw new InvalidOperationException($"embedded catalogue file {name} is missing");
        using var r = new StreamReader(s);
        return r.ReadToEnd();
    }

    private static Catalogue LoadBuiltIn()
    {
        var defaults = CatalogueReader.ReadDefaults(YamlTree.Parse(Resource("model-defaults.yaml"), "model-defaults.yaml"));
        var lines = CatalogueReader.ReadCellLines(YamlTree.Parse(Resource("cell-lines.yaml"), "cell-lines.yaml"), defaults);
        var drugs = CatalogueReader.ReadDrugs(YamlTree.Parse(Resource("drugs.yaml"), "drugs.yaml"));
        return new Catalogue(defaults, lines, drugs);
    }

    /// <summary>
    /// This catalogue with a user's file merged in: its <c>parameters</c> replace the model defaults for every line,
    /// the shipped ones included, except where a line sets its own value (a line's entry in cell-lines.yaml, e.g.
    /// its doubling time: change those in a <c>cell_lines</c> entry of the line, or in a protocol's overrides); its
    /// <c>cell_lines</c> and <c>drugs</c> replace entries of the same name or add new ones.
    /// </summary>
    public Catalogue WithUserFile(string path)
    {
        var tree = YamlTree.Load(path);
        tree.OnlyKeys(["parameters", "cell_lines", "drugs"]);
        var user = tree.Get("parameters") is { } p ? CatalogueReader.ReadParameterMap(p) : [];
        var defaults = Defaults.With(user);
        var lines = CellLines.Select(l => Rebased(l, user)).ToList();
        if (tree.Get("cell_lines") is not null)
            foreach (var l in CatalogueReader.ReadCellLines(tree, defaults))
            {
                lines.RemoveAll(x => x.Name.Equals(l.Name, StringComparison.OrdinalIgnoreCase));
                lines.Add(l);
            }
        var drugs = Drugs.ToList();
        if (tree.Get("drugs") is not null)
            foreach (var d in CatalogueReader.ReadDrugs(tree))
            {
                drugs.RemoveAll(x => x.Name.Equals(d.Name, StringComparison.OrdinalIgnoreCase));
                drugs.Add(d);
            }
        return new Catalogue(defaults, lines, drugs);
    }

    /// <summary>A line with new model defaults: a value the line took from the old defaults (equal value and source) is replaced; its own values stay.</summary>
    private CellLine Rebased(CellLine line, Dictionary<string, SourcedValue> user)
    {
        var inherited = user.Where(kv => !line.Parameters.Contains(kv.Key) || line.Parameters.Get(kv.Key) == Defaults.Get(kv.Key)).ToList();
        return inherited.Count == 0 ? line : line with { Parameters = line.Parameters.With(inherited) };
    }

    private static string Normalise(string s) => new string(s.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();

    public CellLine? FindCellLine(string name)
    {
        var n = Normalise(name);
        return CellLines.FirstOrDefault(l => Normalise(l.Name) == n || l.Aliases.Any(a => Normalise(a) == n));
    }

    public CellLine CellLine(string name, InputLocation? where = null) =>
        FindCellLine(name) ?? throw UserInputException.Invalid(where, name, "a cell line of the catalogue: " + string.Join(", ", CellLines.Select(l => l.Name)),
            NameMatcher.Nearest(name, CellLines.SelectMany(l => l.Aliases.Prepend(l.Name))) is { } s ? $"did you mean '{Canonical(s)}'?" : "list them with 'reslab catalogue list'");

    private string Canonical(string nameOrAlias) => FindCellLine(nameOrAlias)?.Name ?? nameOrAlias;

    public Drug? FindDrug(string name)
    {
        var n = Normalise(name);
        return Drugs.FirstOrDefault(d => Normalise(d.Name) == n || d.Aliases.Any(a => Normalise(a) == n));
    }

    public Drug Drug(string name, InputLocation? where = null) =>
        FindDrug(name) ?? throw UserInputException.Invalid(where, name, "a drug of the catalogue: " + string.Join(", ", Drugs.Select(d => d.Name)),
            NameMatcher.Nearest(name, Drugs.SelectMany(d => d.Aliases.Prepend(d.Name))) is { } s ? $"did you mean '{FindDrug(s)?.Name ?? s}'?" : null);

    public Drug Cisplatin => Drugs.First(d => d.Role == DrugRole.Platinum);

    /// <summary>This catalogue with one drug replaced (by name): parameter sweeps over a drug's potency or half-life.</summary>
    public Catalogue WithDrug(Drug drug) =>
        new(Defaults, CellLines, Drugs.Select(d => d.Name.Equals(drug.Name, StringComparison.OrdinalIgnoreCase) ? drug : d).ToList());
}
