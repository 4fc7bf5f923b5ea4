namespace ResLab.Biology;

/// <summary>
/// The continuous heritable traits of a clone (MODEL.md §2), each a multiplier on the parental level stored as a
/// log2 fold change. The review's section letters are in brackets.
/// </summary>
public enum Trait
{
    /// <summary>CTR1 influx [A].</summary>
    Ctr1,
    /// <summary>ATP7A/B efflux [A].</summary>
    Atp7,
    /// <summary>ABCB1 (MDR1) efflux [A].</summary>
    Abcb1,
    /// <summary>Anti-apoptotic threshold: BCL-2, MCL-1, survivin/IAPs, ANO1 [B].</summary>
    Apoptosis,
    /// <summary>NRF2 activity [C].</summary>
    Nrf2,
    /// <summary>GSH synthesis capacity (GCLC/GCLM) [C].</summary>
    Gcl,
    /// <summary>Cystine import (xCT, SLC7A11) [C].</summary>
    Xct,
    /// <summary>Glutaminase 1 (GLS1) [C].</summary>
    Gls1,
    /// <summary>Thioredoxin system [C].</summary>
    Trx,
    /// <summary>Glycolytic drive (HK2, PDK2) [D].</summary>
    Glycolysis,
    /// <summary>Metallothionein level [E].</summary>
    Metallothionein,
    /// <summary>NER capacity (ERCC1/XPF) for Pt adducts [F].</summary>
    Ner,
    /// <summary>DSB repair (NHEJ/HR) [F].</summary>
    DsbRepair,
    /// <summary>Chromatin shielding of DNA from adducts (ACTL6A) [F].</summary>
    Shielding,
    /// <summary>Stemness: CD44/ALDH-high tendency, quiescence entry/exit [G].</summary>
    Stemness,
    /// <summary>EMT score: raises DSB repair and the apoptotic threshold [H].</summary>
    Emt,
    /// <summary>Proliferation: the division rate (log2 multiplier; negative is slower).</summary>
    Proliferation,
    /// <summary>Basal death rate (log2 multiplier): essential-gene loss in a screen raises it.</summary>
    BasalDeath,
}

public static class Traits
{
    public const int Count = 18;

    public static readonly Trait[] All = Enum.GetValues<Trait>();

    /// <summary>The file name of each trait (snake case), as catalogue files, protocols and outputs spell it.</summary>
    public static string Key(Trait t) => t switch
    {
        Trait.Ctr1 => "ctr1",
        Trait.Atp7 => "atp7",
        Trait.Abcb1 => "abcb1",
        Trait.Apoptosis => "apoptosis_threshold",
        Trait.Nrf2 => "nrf2",
        Trait.Gcl => "gcl",
        Trait.Xct => "xct",
        Trait.Gls1 => "gls1",
        Trait.Trx => "trx",
        Trait.Glycolysis => "glycolysis",
        Trait.Metallothionein => "metallothionein",
        Trait.Ner => "ner",
        Trait.DsbRepair => "dsb_repair",
        Trait.Shielding => "shielding",
        Trait.Stemness => "stemness",
        Trait.Emt => "emt",
        Trait.Proliferation => "proliferation",
        Trait.BasalDeath => "basal_death",
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    public static readonly IReadOnlyList<string> Keys = All.Select(Key).ToArray();

    public static bool TryParse(string key, out Trait trait)
    {
        for (int i = 0; i < All.Length; i++)
            if (Keys[i] == key) { trait = All[i]; return true; }
        trait = default;
        return false;
    }
}
