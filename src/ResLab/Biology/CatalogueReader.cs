using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Biology;

/// <summary>Reads catalogue YAML (model defaults, cell lines, drugs), checking every key, unit and source.</summary>
public static class CatalogueReader
{
    /// <summary>A "{ value: 40 h, source: ... }" entry, or (in protocols) a bare "40 h".</summary>
    public static SourcedValue ReadSourced(YamlTree node, Dimension dimension, bool requireSource, string defaultSource = "protocol override")
    {
        string text, source;
        if (node.IsMap)
        {
            node.OnlyKeys(["value", "source", "detail"]);
            text = node.Require("value").Scalar;
            source = node.OptionalString("source") ?? (requireSource ? throw new UserInputException("missing 'source': every catalogue number needs its source or 'assumed: why'", node.Where()) : defaultSource);
        }
        else
        {
            if (requireSource) throw new UserInputException("expected '{ value: …, source: … }': every catalogue number needs its source", node.Where());
            text = node.Scalar;
            source = defaultSource;
        }
        var where = node.IsMap ? node.Require("value").Where() : node.Where();
        double v = UnitExpression.Parse(text, dimension, where);
        return new SourcedValue(v, source, text);
    }

    public static ParameterSet ReadDefaults(YamlTree root)
    {
        root.OnlyKeys(["parameters"]);
        var map = ReadParameterMap(root.Require("parameters"), requireSource: true);
        var missing = ParameterSchema.All.Where(p => !map.ContainsKey(p.Key)).Select(p => p.Key).ToArray();
        if (missing.Length > 0) throw new InvalidOperationException($"model-defaults.yaml lacks {string.Join(", ", missing)}");
        return new ParameterSet(map);
    }

    /// <summary>A mapping of parameter keys to values; unknown keys get the nearest suggestion, wrong units their expectation.</summary>
    public static Dictionary<string, SourcedValue> ReadParameterMap(YamlTree node, bool requireSource = true, string defaultSource = "protocol override")
    {
        var d = new Dictionary<string, SourcedValue>();
        if (node.IsNull) return d;
        foreach (var (key, value) in node.Entries())
        {
            var def = ParameterSchema.Find(key) ?? throw new UserInputException(
                $"unknown model parameter '{key}'{NameMatcher.Hint(key, ParameterSchema.Keys)}; see 'reslab catalogue show parameters' for the list", node.KeyWhere(key));
            d[key] = ReadSourced(value, def.Dimension, requireSource, defaultSource);
        }
        return d;
    }

    public static Dictionary<Trait, SourcedValue> ReadTraitMap(YamlTree node, bool requireSource = true, string defaultSource = "protocol override")
    {
        var d = new Dictionary<Trait, SourcedValue>();
        if (node.IsNull) return d;
        foreach (var (key, value) in node.Entries())
        {
            if (!Traits.TryParse(key, out var t))
                throw new UserInputException($"unknown trait '{key}'{NameMatcher.Hint(key, Traits.Keys)}; traits are {string.Join(", ", Traits.Keys)} (log2 fold changes)", node.KeyWhere(key));
            d[t] = ReadSourced(value, Dimension.None, requireSource, defaultSource);
        }
        return d;
    }

    public static readonly string[] Genes = ["TP53", "HPV", "KEAP1", "NFE2L2", "CUL3"];

    public static List<GenotypeFact> ReadGenotype(YamlTree node, bool requireSource = true)
    {
        var list = new List<GenotypeFact>();
        if (node.IsNull) return list;
        foreach (var (gene, value) in node.Entries())
        {
            if (!Genes.Contains(gene)) throw new UserInputException($"unknown gene '{gene}'{NameMatcher.Hint(gene, Genes)}; expected one of {string.Join(", ", Genes)}", node.KeyWhere(gene));
            string v, source;
            string? detail = null;
            if (value.IsMap)
            {
                value.OnlyKeys(["value", "detail", "source"]);
                v = value.Require("value").Scalar;
                detail = value.OptionalString("detail");
                source = value.OptionalString("source") ?? (requireSource ? throw new UserInputException("missing 'source'", value.Where()) : "protocol override");
            }
            else { v = value.Scalar; source = "protocol override"; }
            string[] allowed = gene == "HPV" ? ["positive", "negative"] : ["wild type", "mutant", "loss", "gain"];
            if (!allowed.Contains(v.ToLowerInvariant()))
                throw UserInputException.Invalid(value.Where(), v, $"one of {string.Join(", ", allowed)}");
            list.Add(new GenotypeFact(gene, v.ToLowerInvariant(), detail, source));
        }
        return list;
    }

    public static List<CellLine> ReadCellLines(YamlTree root, ParameterSet defaults)
    {
        var list = new List<CellLine>();
        foreach (var item in root.Require("cell_lines").Items())
        {
            item.OnlyKeys(["name", "aliases", "cellosaurus", "description", "genotype", "parameters", "traits"]);
            var name = item.Require("name").Scalar;
            var aliases = item.Get("aliases") is { } a ? a.Items().Select(x => x.Scalar).ToArray() : [];
            var pars = item.Get("parameters") is { } p ? ReadParameterMap(p) : new Dictionary<string, SourcedValue>();
            var traits = item.Get("traits") is { } t ? ReadTraitMap(t) : new Dictionary<Trait, SourcedValue>();
            list.Add(new CellLine
            {
                Name = name,
                Aliases = aliases,
                Cellosaurus = item.OptionalString("cellosaurus"),
                Description = item.OptionalString("description") ?? "",
                GenotypeFacts = item.Get("genotype") is { } g ? ReadGenotype(g) : [],
                Parameters = defaults.With(pars),
                BasalTraits = traits,
            });
        }
        return list;
    }

    public static List<Drug> ReadDrugs(YamlTree root)
    {
        var list = new List<Drug>();
        foreach (var item in root.Require("drugs").Items())
        {
            item.OnlyKeys(["name", "aliases", "role", "target", "molar_mass", "ic50", "hill", "medium_half_life"]);
            var roleText = item.Require("role").Scalar;
            var role = roleText switch
            {
                "platinum" => DrugRole.Platinum,
                "inhibitor" => DrugRole.Inhibitor,
                _ => throw UserInputException.Invalid(item.Require("role").Where(), roleText, "platinum or inhibitor"),
            };
            Trait? target = null;
            if (item.OptionalString("target") is { } tt)
            {
                if (!Traits.TryParse(tt, out var tr)) throw UserInputException.Invalid(item.Require("target").Where(), tt, "a trait: " + string.Join(", ", Traits.Keys), NameMatcher.Nearest(tt, Traits.Keys) is { } n ? $"did you mean '{n}'?" : null);
                target = tr;
            }
            if (role == DrugRole.Inhibitor && (target is null || item.Get("ic50") is null))
                throw new UserInputException("an inhibitor needs 'target' and 'ic50'", item.Where());
            list.Add(new Drug
            {
                Name = item.Require("name").Scalar,
                Aliases = item.Get("aliases") is { } a ? a.Items().Select(x => x.Scalar).ToArray() : [],
                Role = role,
                Target = target,
                MolarMass = ReadSourced(item.Require("molar_mass"), Dimension.None, true),
                Ic50 = item.Get("ic50") is { } i ? ReadSourced(i, Dimension.Conc, true) : null,
                Hill = item.Get("hill") is { } h ? ReadSourced(h, Dimension.None, true) : null,
                MediumHalfLife = ReadSourced(item.Require("medium_half_life"), Dimension.Duration, true),
            });
        }
        return list;
    }
}
