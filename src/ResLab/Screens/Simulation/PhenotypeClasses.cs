using ResLab.Biology;
using ResLab.Model;

namespace ResLab.Screens.Simulation;

/// <summary>
/// The distinct phenotypes a screen's cells can have, and what decides a cell's phenotype. A cell carries the sgRNA it
/// is counted under (its knock-out takes with the sgRNA's efficiency; otherwise the cell is wild type) and, at an MOI
/// above zero, further integrations — Poisson(MOI) of them, each a random sgRNA of the library by plasmid abundance.
/// By Poisson thinning, the number of such partners whose knock-out takes with effect e is Poisson(λₑ),
/// λₑ = MOI·Σ_{s of e} πₛ·effₛ, independently across effects; so a cell's partner effects are a set S with probability
/// Πₑ∈S(1 − e^{−λₑ})·Πₑ∉S e^{−λₑ}. Sets so rare that no cell of the screen is expected to have them are dropped (their
/// probability goes to the empty set). A class is the phenotype of (own effect, partner set): the founder phenotype with
/// every effect applied. Neutral knock-outs share the wild-type class; non-targeting controls are wild type.
/// </summary>
public sealed class PhenotypeClasses
{
    /// <summary>The distinct non-neutral effects of the library's genes (genes with identical effects share one).</summary>
    public IReadOnlyList<GeneEffect> Effects { get; }
    /// <summary>Per sgRNA: its gene's effect index, or −1 (neutral gene or control).</summary>
    public int[] SgrnaEffect { get; }
    /// <summary>Partner sets (effect indices) with their probabilities; [0] is the empty set.</summary>
    public IReadOnlyList<(int[] Effects, double P)> PartnerSets { get; }
    /// <summary>The phenotype of each class; class 0 is wild type.</summary>
    public IReadOnlyList<Phenotype> Phenotypes => _phenotypes;
    /// <summary>The effect indices of each class (sorted; empty for wild type).</summary>
    public IReadOnlyList<int[]> ClassEffects => _classEffects;

    private readonly List<Phenotype> _phenotypes = new();
    private readonly List<int[]> _classEffects = new();
    private readonly Dictionary<Phenotype, int> _byPhenotype = new();
    private readonly Dictionary<string, int> _bySet = new(StringComparer.Ordinal);
    private readonly Phenotype _founder;

    public const int WildType = 0;

    public PhenotypeClasses(ScreenDesign d, double minSetProbability)
    {
        var lib = d.Library;
        _founder = Phenotype.Founder(d.Line.Genotype);
        var effects = new List<GeneEffect>();
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        SgrnaEffect = new int[lib.Count];
        for (int s = 0; s < lib.Count; s++)
        {
            SgrnaEffect[s] = -1;
            if (lib.IsControl[s]) continue;
            var e = d.Effects.Find(lib.Genes[s]);
            if (e is null || e.IsNeutral) continue;
            var key = Key(e);
            if (!byKey.TryGetValue(key, out int k)) { k = effects.Count; byKey[key] = k; effects.Add(e); }
            SgrnaEffect[s] = k;
        }
        Effects = effects;
        // λ of each effect among a cell's partner integrations
        var lambda = new double[effects.Count];
        for (int s = 0; s < lib.Count; s++)
            if (SgrnaEffect[s] >= 0) lambda[SgrnaEffect[s]] += d.Transduction.Moi * lib.Abundance[s] * lib.Efficiency[s];
        PartnerSets = EnumerateSets(lambda, minSetProbability);
        Class([]); // wild type is class 0
        for (int e = 0; e < effects.Count; e++) Class([e]); // every knock-out alone, for the truth table
        // every (own effect, partner set) combination, so that look-ups are read-only (and thread-safe) afterwards
        _table = new int[(effects.Count + 1) * PartnerSets.Count];
        for (int own = -1; own < effects.Count; own++)
            for (int set = 0; set < PartnerSets.Count; set++)
            {
                var partners = PartnerSets[set].Effects;
                var all = own < 0 || partners.Contains(own) ? partners : partners.Append(own).OrderBy(x => x).ToArray();
                _table[(own + 1) * PartnerSets.Count + set] = Class(all);
            }
    }

    private readonly int[] _table;

    private static string Key(GeneEffect e) =>
        ((int)e.Mutations).ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" +
        string.Join(";", e.Traits.OrderBy(x => x.Key).Select(x => $"{(int)x.Key}:{x.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}"));

    /// <summary>Sets of up to three effects with probability ≥ <paramref name="min"/>; the empty set takes the rest.</summary>
    private static List<(int[], double)> EnumerateSets(double[] lambda, double min)
    {
        int k = lambda.Length;
        double logBase = -lambda.Sum();
        var odds = lambda.Select(l => double.ExpM1(l)).ToArray(); // (1 − e^{−λ})/e^{−λ}
        var sets = new List<(int[], double)> { ([], 0) };
        var order = Enumerable.Range(0, k).OrderByDescending(i => odds[i]).ToArray();
        void Grow(int[] set, double p, int from)
        {
            for (int j = from; j < order.Length; j++)
            {
                double q = p * odds[order[j]];
                if (q < min) break; // odds descend: later ones are smaller still
                var next = set.Append(order[j]).ToArray();
                sets.Add((next.OrderBy(x => x).ToArray(), q));
                if (next.Length < 3) Grow(next, q, j + 1);
            }
        }
        Grow([], Math.Exp(logBase), 0);
        double rest = 1 - sets.Skip(1).Sum(x => x.Item2);
        sets[0] = ([], Math.Max(0, rest));
        return sets;
    }

    /// <summary>The class of a cell whose own effect is <paramref name="own"/> (−1: none) and whose partners have the effects of set <paramref name="set"/>.</summary>
    public int ClassOf(int own, int set) => _table[(own + 1) * PartnerSets.Count + set];

    private int Class(int[] effects)
    {
        var key = string.Join(",", effects);
        if (_bySet.TryGetValue(key, out int c)) return c;
        var p = _founder;
        foreach (var e in effects) p = Effects[e].Apply(p);
        if (!_byPhenotype.TryGetValue(p, out c))
        {
            c = _phenotypes.Count;
            _phenotypes.Add(p);
            _classEffects.Add(effects);
            _byPhenotype[p] = c;
        }
        _bySet[key] = c;
        return c;
    }

    /// <summary>The class of a knock-out alone (the truth table's phenotype of a gene), or wild type for a neutral one.</summary>
    public int SingleClass(int effect) => ClassOf(effect, 0);

    /// <summary>A readable label of a class: its effects' genes and changes.</summary>
    public string Label(int c)
    {
        if (c == WildType) return "wild type";
        return string.Join(" + ", _classEffects[c].Select(e => Effects[e].Class + " (" + Effects[e].Describe() + ")"));
    }
}
