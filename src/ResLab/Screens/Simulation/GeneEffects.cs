using System.Reflection;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Storage;

namespace ResLab.Screens.Simulation;

/// <summary>
/// What knocking a gene out does to a cell in the model: log2 shifts of continuous traits and discrete genotype
/// changes (KEAP1/CUL3/TP53 loss of function, a lethal lesion), with the effect class named in the truth table and
/// the source of the assumption.
/// </summary>
public sealed record GeneEffect(string Gene, string Class, IReadOnlyDictionary<Trait, double> Traits, Mutations Mutations, string Source)
{
    public bool IsNeutral => Traits.Count == 0 && Mutations == Mutations.None;

    /// <summary>The effect on a phenotype (trait shifts add; genotype changes combine).</summary>
    public Phenotype Apply(Phenotype p)
    {
        if (Mutations != Mutations.None) p = p.WithGenotype(p.Genotype.With(Mutations));
        foreach (var (t, v) in Traits) p = p.Shifted(t, v);
        return p;
    }

    public string Describe()
    {
        var parts = new List<string>();
        foreach (var m in GeneEffects.MutationNames) if (Mutations.HasFlag(m.Value)) parts.Add(m.Key + (m.Value == Mutations.Lethal ? "" : " loss"));
        foreach (var (t, v) in Traits.OrderBy(x => x.Key)) parts.Add($"{ResLab.Biology.Traits.Key(t)} {(v >= 0 ? "+" : "")}{NumberFormat.Pretty(v, 3)}");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}

/// <summary>
/// The gene → knock-out effect table: the shipped default (<c>Screens/Data/gene-effects.yaml</c>: the cisplatin
/// resistance genes of the review and project summary, and the core-essential genes of Hart et al. 2017), which a
/// screen file extends or overrides. Genes not in the table are neutral.
/// </summary>
public sealed class GeneEffects
{
    public const string NeutralClass = "neutral";
    public const string ControlClass = "control";
    public const string EssentialClass = "core_essential";

    /// <summary>The genotype changes a knock-out can make, as effect files name them.</summary>
    public static readonly IReadOnlyDictionary<string, Mutations> MutationNames = new Dictionary<string, Mutations>(StringComparer.OrdinalIgnoreCase)
    {
        ["KEAP1"] = Mutations.Keap1, ["CUL3"] = Mutations.Cul3, ["TP53"] = Mutations.Tp53, ["lethal"] = Mutations.Lethal,
    };

    private readonly Dictionary<string, GeneEffect> _effects;

    public IReadOnlyDictionary<string, GeneEffect> Effects => _effects;

    public GeneEffects(IEnumerable<GeneEffect> effects)
    {
        _effects = new Dictionary<string, GeneEffect>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in effects) _effects[e.Gene] = e;
    }

    public GeneEffect? Find(string gene) => _effects.GetValueOrDefault(gene);

    /// <summary>This table with <paramref name="overrides"/> replacing or adding entries.</summary>
    public GeneEffects With(IEnumerable<GeneEffect> overrides) => new(_effects.Values.Concat(overrides));

    private static readonly Lazy<GeneEffects> BuiltIn = new(() =>
    {
        using var s = typeof(GeneEffects).Assembly.GetManifestResourceStream("ResLab.Screens.Data.gene-effects.yaml")
                      ?? throw new InvalidOperationException("embedded gene-effects.yaml is missing");
        using var r = new StreamReader(s);
        return new GeneEffects(Read(YamlTree.Parse(r.ReadToEnd(), "gene-effects.yaml"), requireSource: true));
    });

    /// <summary>The shipped table.</summary>
    public static GeneEffects Default => BuiltIn.Value;

    /// <summary>
    /// Reads an effect table: <c>effects:</c> (gene → <c>{ class, traits: { trait: log2 }, genotype: [KEAP1|CUL3|TP53|lethal], source }</c>)
    /// and optional <c>essential:</c> lists (<c>{ class, source, genes: [...] }</c>; lethal knock-outs).
    /// </summary>
    public static List<GeneEffect> Read(YamlTree root, bool requireSource)
    {
        if (!root.IsMap) throw root.Error("a gene-effect table: a mapping with 'effects' and/or 'essential'");
        root.OnlyKeys(["effects", "essential"]);
        var list = new List<GeneEffect>();
        if (root.Get("effects") is { } effects) list.AddRange(ReadEffects(effects, requireSource));
        if (root.Get("essential") is { } ess)
            foreach (var group in ess.IsList ? ess.Items() : [ess])
            {
                group.OnlyKeys(["class", "source", "genes"]);
                var source = group.OptionalString("source") ?? (requireSource ? throw new UserInputException("missing 'source' of the essential-gene list", group.Where()) : "screen file");
                var cls = group.OptionalString("class") ?? EssentialClass;
                foreach (var g in group.Require("genes").Items())
                    list.Add(new GeneEffect(g.Scalar.Trim(), cls, new Dictionary<Trait, double>(), Mutations.Lethal, source));
            }
        return list;
    }

    /// <summary>A mapping of genes to effects (the <c>effects:</c> block of an effect file or a screen file).</summary>
    public static List<GeneEffect> ReadEffects(YamlTree node, bool requireSource)
    {
        var list = new List<GeneEffect>();
        if (node.IsNull) return list;
        foreach (var (gene, e) in node.Entries())
        {
            if (!e.IsMap) throw e.Error("an effect such as '{ class: gsh_synthesis_down, traits: { gcl: -3 }, source: \"assumed: …\" }'");
            e.OnlyKeys(["class", "traits", "genotype", "source"]);
            var traits = new Dictionary<Trait, double>();
            if (e.Get("traits") is { } t && !t.IsNull)
                foreach (var (key, v) in t.Entries())
                {
                    if (!ResLab.Biology.Traits.TryParse(key, out var trait))
                        throw new UserInputException($"unknown trait '{key}'{NameMatcher.Hint(key, ResLab.Biology.Traits.Keys)}; traits are {string.Join(", ", ResLab.Biology.Traits.Keys)}", t.KeyWhere(key));
                    traits[trait] = Log2Shift(v);
                }
            var m = Mutations.None;
            if (e.Get("genotype") is { } g && !g.IsNull)
                foreach (var item in g.IsList ? g.Items() : [g])
                {
                    var name = item.Scalar.Trim();
                    if (!MutationNames.TryGetValue(name, out var flag))
                        throw UserInputException.Invalid(item.Where(), name, "a genotype change the model knows: " + string.Join(", ", MutationNames.Keys),
                            NameMatcher.Nearest(name, MutationNames.Keys) is { } n ? $"did you mean '{n}'?" : null);
                    m |= flag;
                }
            var source = e.OptionalString("source") ?? (requireSource ? throw new UserInputException("missing 'source': every effect needs its source or 'assumed: why'", e.Where()) : "screen file");
            var cls = e.OptionalString("class") ?? (traits.Count == 0 && m == Mutations.None ? NeutralClass : "modifier");
            list.Add(new GeneEffect(gene.Trim(), cls, traits, m, source));
        }
        return list;
    }

    /// <summary>A trait shift: a plain log2 fold change (units are a mistake here).</summary>
    private static double Log2Shift(YamlTree v)
    {
        var s = v.Scalar.Trim();
        if (double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            if (Math.Abs(d) > 20) throw v.Error("a log2 fold change between -20 and 20", "-3 means one eighth of the parental level");
            return d;
        }
        throw v.Error("a plain log2 fold change such as -3 (one eighth of the parental level)", s.Any(char.IsLetter) ? "trait shifts have no units" : null);
    }
}
