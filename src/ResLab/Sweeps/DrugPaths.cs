using ResLab.Biology;
using ResLab.Storage;
using ResLab.Units;

namespace ResLab.Sweeps;

/// <summary>
/// Sweep paths into the catalogue's drugs: <c>drugs.&lt;drug&gt;.ic50</c> (an inhibitor's IC50 on its target),
/// <c>drugs.&lt;drug&gt;.hill</c> and <c>drugs.&lt;drug&gt;.medium_half_life</c>. The engine reads drugs from the
/// catalogue, so a point's values give it a catalogue of its own.
/// </summary>
public static class DrugPaths
{
    private static readonly (string Key, Dimension Dimension)[] Keys = [("ic50", Dimension.Conc), ("hill", Dimension.None), ("medium_half_life", Dimension.Duration)];

    public static bool IsDrugPath(string path) => path.TrimStart().StartsWith("drugs.", StringComparison.Ordinal);

    public static IEnumerable<string> Known(Catalogue c) => c.Drugs.SelectMany(d => Keys.Select(k => $"drugs.{d.Name}.{k.Key}"));

    /// <summary>Checks a drug path (user error naming the nearest drug or key) and returns the drug's name, the key and its dimension.</summary>
    public static (string Drug, string Key, Dimension Dimension) Check(string path, Catalogue c, InputLocation where)
    {
        var parts = path.Trim().Split('.');
        if (parts.Length != 3)
            throw UserInputException.Invalid(where, path, "a drug path drugs.<drug>.<ic50|hill|medium_half_life>, such as drugs.telaglenastat.ic50");
        var drug = c.Drug(parts[1], where);
        var key = Keys.FirstOrDefault(k => k.Key == parts[2]);
        if (key.Key is null)
            throw new UserInputException($"unknown drug parameter '{parts[2]}'{NameMatcher.Hint(parts[2], Keys.Select(k => k.Key))}; drugs have ic50, hill and medium_half_life", where);
        if (key.Key != "medium_half_life" && drug.Role == DrugRole.Platinum)
            throw UserInputException.Invalid(where, path, $"medium_half_life for {drug.Name}", "ic50 and hill are an inhibitor's potency on its target; cisplatin acts through the model's uptake and damage parameters (overrides.parameters.*)");
        return (drug.Name, key.Key, key.Dimension);
    }

    /// <summary>The catalogue with the drug values of one point.</summary>
    public static Catalogue Apply(Catalogue c, IEnumerable<(string Path, string Text)> changes, InputLocation where)
    {
        foreach (var (path, text) in changes)
        {
            var (name, key, dim) = Check(path, c, where);
            var v = UnitExpression.Parse(text, dim, where);
            if (!(v > 0)) throw UserInputException.Invalid(where, text, $"a positive {key} for {name}");
            var sv = new SourcedValue(v, "sweep", text);
            var d = c.Drug(name);
            c = c.WithDrug(key switch { "ic50" => d with { Ic50 = sv }, "hill" => d with { Hill = sv }, _ => d with { MediumHalfLife = sv } });
        }
        return c;
    }
}
