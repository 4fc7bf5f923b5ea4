namespace ResLab.Biology;

/// <summary>The discrete genetic events of MODEL.md §2 a clone can carry.</summary>
[Flags]
public enum Mutations : ushort
{
    None = 0,
    /// <summary>TP53 mutant: lowers damage-induced apoptosis.</summary>
    Tp53 = 1,
    /// <summary>KEAP1 loss of function: NRF2 constitutively high.</summary>
    Keap1 = 2,
    /// <summary>NFE2L2 gain of function: NRF2 constitutively high.</summary>
    Nfe2l2 = 4,
    /// <summary>CUL3 loss of function: NRF2 raised.</summary>
    Cul3 = 8,
    /// <summary>HPV positive (a property of the line; not acquired).</summary>
    Hpv = 16,
    /// <summary>A neutral marker (fluctuation assays, validation).</summary>
    Marker = 32,
    /// <summary>A lethal lesion (essential gene knocked out in a screen): the clone stops dividing.</summary>
    Lethal = 64,
}

/// <summary>Loci whose copy-number gains raise a trait.</summary>
public enum AmplifiedLocus { Abcb1 = 0, Ano1 = 1, Actl6a = 2 }

/// <summary>
/// A clone's genotype: point mutations and copy-number gains (extra copies per locus). A value type with exact
/// equality, part of the phenotype key under which identical clones merge.
/// </summary>
public readonly record struct Genotype(Mutations Mutations, byte Abcb1Gains = 0, byte Ano1Gains = 0, byte Actl6aGains = 0)
{
    public bool Has(Mutations m) => (Mutations & m) == m;

    public Genotype With(Mutations m) => this with { Mutations = Mutations | m };

    public int Gains(AmplifiedLocus locus) => locus switch
    {
        AmplifiedLocus.Abcb1 => Abcb1Gains,
        AmplifiedLocus.Ano1 => Ano1Gains,
        _ => Actl6aGains,
    };

    public Genotype WithGain(AmplifiedLocus locus) => locus switch
    {
        AmplifiedLocus.Abcb1 => this with { Abcb1Gains = (byte)Math.Min(255, Abcb1Gains + 1) },
        AmplifiedLocus.Ano1 => this with { Ano1Gains = (byte)Math.Min(255, Ano1Gains + 1) },
        _ => this with { Actl6aGains = (byte)Math.Min(255, Actl6aGains + 1) },
    };

    /// <summary>A short label such as "TP53mut;KEAP1lof;ABCB1amp+1", or "parental".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Has(Mutations.Tp53)) parts.Add("TP53mut");
        if (Has(Mutations.Hpv)) parts.Add("HPV+");
        if (Has(Mutations.Keap1)) parts.Add("KEAP1lof");
        if (Has(Mutations.Nfe2l2)) parts.Add("NFE2L2gof");
        if (Has(Mutations.Cul3)) parts.Add("CUL3lof");
        if (Has(Mutations.Marker)) parts.Add("marker");
        if (Has(Mutations.Lethal)) parts.Add("lethal");
        if (Abcb1Gains > 0) parts.Add($"ABCB1amp+{Abcb1Gains}");
        if (Ano1Gains > 0) parts.Add($"ANO1amp+{Ano1Gains}");
        if (Actl6aGains > 0) parts.Add($"ACTL6Aamp+{Actl6aGains}");
        return parts.Count == 0 ? "wild type" : string.Join(";", parts);
    }
}
