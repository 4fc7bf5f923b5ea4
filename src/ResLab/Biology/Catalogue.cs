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
    /// This catalogue with a user's file merged in: its <c>cell_lines</c> and <c>drugs</c> replace entries of the same
    /// name or add new ones; its <c>parameters</c> replace model defaults for the lines it defines.
    /// </summary>
    public Catalogue WithUserFile(string path)
    {
        var tree = YamlTree.Load(path);
        tree.OnlyKeys(["parameters", "cell_lines", "drugs"]);
        var defaults = tree.Get("parameters") is { } p ? Defaults.With(CatalogueReader.ReadParameterMap(p)) : Defaults;
        var lines = CellLines.ToList();
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
