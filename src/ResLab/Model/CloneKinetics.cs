using ResLab.Biology;

namespace ResLab.Model;

/// <summary>
/// The rate constants of one phenotype, compiled once when a clone is founded: trait multipliers (2^log2, with the
/// genotype's effects and the couplings between traits), the apoptotic threshold, the division rate with its fitness
/// cost, and the state-switching rates. Pure function of (line, phenotype).
/// </summary>
public sealed class CloneKinetics
{
    public LineModel Line { get; }
    public Phenotype Phenotype { get; }

    /// <summary>Effective log2 level of every trait (basal + drift + genotype + couplings).</summary>
    public double[] Log2 { get; } = new double[Traits.Count];

    public readonly double Ctr1, Atp7, Abcb1, Nrf2Trait, Gcl, Xct, Gls1, Trx, Glyco, Mt, Ner, DsbRepair, Shielding;
    public readonly double Theta, DivisionMultiplier, BasalDeath, QuiescenceEntry, QuiescenceExit;
    public readonly bool Lethal;
    private readonly double _divisionRate;

    /// <summary>Cycling division rate at low density, drug-free (per h).</summary>
    public double DivisionRate => _divisionRate;

    internal CloneKinetics(LineModel line, Phenotype phenotype, bool referencesKnown = true, double? divisionRateOverride = null)
    {
        Line = line;
        Phenotype = phenotype;
        var g = phenotype.Genotype;
        for (int i = 0; i < Traits.Count; i++)
            Log2[i] = line.Line.Trait((Trait)i) + phenotype.Drift((Trait)i);
        // genotype
        // KEAP1 loss, CUL3 loss and NFE2L2 gain all free NRF2 from the same KEAP1-CUL3 ligase (they are mutually exclusive
        // in tumours, TCGA 2012 Nature 489:519): epistatic, so the strongest applies rather than their sum
        double pathway = 0;
        if (g.Has(Mutations.Keap1)) pathway = Math.Max(pathway, line.Keap1Nrf2);
        if (g.Has(Mutations.Nfe2l2)) pathway = Math.Max(pathway, line.Nfe2l2Nrf2);
        if (g.Has(Mutations.Cul3)) pathway = Math.Max(pathway, line.Cul3Nrf2);
        Log2[(int)Trait.Nrf2] += pathway;
        if (g.Has(Mutations.Hpv)) Log2[(int)Trait.DsbRepair] += line.HpvDsb;
        Log2[(int)Trait.Abcb1] += line.CopyGain * g.Abcb1Gains;
        Log2[(int)Trait.Apoptosis] += line.CopyGain * g.Ano1Gains;
        Log2[(int)Trait.Shielding] += line.CopyGain * g.Actl6aGains;
        // couplings (relative to the parental levels, so the founder is unchanged)
        double emt = Log2[(int)Trait.Emt], stem = Log2[(int)Trait.Stemness], nrf2 = Log2[(int)Trait.Nrf2];
        double emt0 = line.Line.Trait(Trait.Emt), stem0 = line.Line.Trait(Trait.Stemness), nrf20 = line.Line.Trait(Trait.Nrf2);
        Log2[(int)Trait.DsbRepair] += line.EmtDsb * (emt - emt0);
        Log2[(int)Trait.Apoptosis] += line.EmtApoptosis * (emt - emt0);
        Log2[(int)Trait.Xct] += line.StemXct * (stem - stem0);
        Log2[(int)Trait.Trx] += line.Nrf2Targets * (nrf2 - nrf20);
        Log2[(int)Trait.Metallothionein] += line.Nrf2Targets * (nrf2 - nrf20);
        Log2[(int)Trait.Atp7] += line.Nrf2Efflux * (nrf2 - nrf20);
        Log2[(int)Trait.Apoptosis] += line.Nrf2Apoptosis * (nrf2 - nrf20);

        double M(Trait t) => Math.Pow(2, Log2[(int)t]);
        Ctr1 = M(Trait.Ctr1); Atp7 = M(Trait.Atp7); Abcb1 = M(Trait.Abcb1); Nrf2Trait = M(Trait.Nrf2); Gcl = M(Trait.Gcl);
        Xct = M(Trait.Xct); Gls1 = M(Trait.Gls1); Trx = M(Trait.Trx); Mt = M(Trait.Metallothionein); Ner = M(Trait.Ner);
        DsbRepair = M(Trait.DsbRepair); Shielding = M(Trait.Shielding);
        Glyco = Math.Min(0.95, line.Glyco0 * M(Trait.Glycolysis));
        Theta = line.Theta * M(Trait.Apoptosis) * (g.Has(Mutations.Tp53) || g.Has(Mutations.Hpv) ? 1 : line.Tp53WtFactor);
        // fitness cost: log2 division-rate loss per log2 gain of each resistance trait above the parental level
        double Up(Trait t) => Math.Max(0, Log2[(int)t] - line.Line.Trait(t));
        double cost = line.CostNrf2 * Up(Trait.Nrf2)
                    + line.CostEfflux * (Up(Trait.Atp7) + Up(Trait.Abcb1))
                    + line.CostApoptosis * Up(Trait.Apoptosis)
                    + line.CostGlutathione * (Up(Trait.Gcl) + Up(Trait.Xct) + Up(Trait.Gls1) + Up(Trait.Trx))
                    + line.CostRepair * (Up(Trait.Ner) + Up(Trait.DsbRepair) + Up(Trait.Shielding))
                    + line.CostMt * Up(Trait.Metallothionein);
        Lethal = g.Has(Mutations.Lethal);
        DivisionMultiplier = Lethal ? 0 : Math.Pow(2, Log2[(int)Trait.Proliferation] - line.Line.Trait(Trait.Proliferation) - cost);
        BasalDeath = line.BasalDeath * Math.Pow(2, Log2[(int)Trait.BasalDeath] - line.Line.Trait(Trait.BasalDeath));
        QuiescenceEntry = line.QuiescenceEntry * Math.Pow(2, stem - stem0);
        QuiescenceExit = line.QuiescenceExit * Math.Pow(2, -(stem - stem0));
        _divisionRate = (divisionRateOverride ?? (referencesKnown ? line.DivisionRate : 0)) * DivisionMultiplier;
    }

    /// <summary>The kinetics of a phenotype of a line (what a clone compiles when it is founded).</summary>
    public static CloneKinetics For(LineModel line, Phenotype phenotype) => new(line, phenotype);

    /// <summary>Population doubling time of this phenotype in drug-free exponential growth (h).</summary>
    public double DoublingTime()
    {
        double r = LineModel.GrowthRate(this, Line.DivisionRate);
        return r > 0 ? Math.Log(2) / r : double.PositiveInfinity;
    }
}
