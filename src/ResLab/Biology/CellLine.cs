namespace ResLab.Biology;

/// <summary>A genotype fact of a cell line (e.g. TP53 mutant, p.His193Leu) with its source.</summary>
public sealed record GenotypeFact(string Gene, string Value, string? Detail, string Source);

/// <summary>
/// A cell line: identity, genotype, model parameters (defaults overlaid by the line's own values) and basal traits
/// (log2 relative to the generic HNSCC line), every number with its source. Immutable; <see cref="WithOverrides"/>
/// makes a variant (a protocol's overrides, a CRISPR knock-out background).
/// </summary>
public sealed record CellLine
{
    public required string Name { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
    public string? Cellosaurus { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyList<GenotypeFact> GenotypeFacts { get; init; }
    public required ParameterSet Parameters { get; init; }
    /// <summary>Basal trait levels (log2) with sources; traits not listed are 0.</summary>
    public required IReadOnlyDictionary<Trait, SourcedValue> BasalTraits { get; init; }

    public double Trait(Trait t) => BasalTraits.TryGetValue(t, out var v) ? v.Value : 0;

    /// <summary>The founding genotype (TP53, HPV, KEAP1, NFE2L2, CUL3 as the catalogue states them).</summary>
    public Genotype Genotype
    {
        get
        {
            var m = Mutations.None;
            foreach (var f in GenotypeFacts)
            {
                bool altered = !f.Value.Equals("wild type", StringComparison.OrdinalIgnoreCase) && !f.Value.Equals("negative", StringComparison.OrdinalIgnoreCase);
                if (!altered) continue;
                m |= f.Gene.ToUpperInvariant() switch
                {
                    "TP53" => Mutations.Tp53,
                    "HPV" => Mutations.Hpv,
                    "KEAP1" => Mutations.Keap1,
                    "NFE2L2" => Mutations.Nfe2l2,
                    "CUL3" => Mutations.Cul3,
                    _ => Mutations.None,
                };
            }
            return new Genotype(m);
        }
    }

    public CellLine WithOverrides(IEnumerable<KeyValuePair<string, SourcedValue>> parameters, IEnumerable<KeyValuePair<Trait, SourcedValue>>? traits = null,
        IEnumerable<GenotypeFact>? genotype = null)
    {
        var t = new Dictionary<Trait, SourcedValue>(BasalTraits);
        foreach (var (k, v) in traits ?? []) t[k] = v;
        var g = GenotypeFacts.ToList();
        foreach (var f in genotype ?? [])
        {
            g.RemoveAll(x => x.Gene.Equals(f.Gene, StringComparison.OrdinalIgnoreCase));
            g.Add(f);
        }
        return this with { Parameters = Parameters.With(parameters), BasalTraits = t, GenotypeFacts = g };
    }
}
