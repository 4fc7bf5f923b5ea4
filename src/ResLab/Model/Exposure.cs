using ResLab.Biology;

namespace ResLab.Model;

/// <summary>
/// What the cells are exposed to at an instant: medium cisplatin (µM), the fractional inhibition of each targeted
/// mechanism by the other drugs, and the oxygen partial pressure. A value type built by the medium.
/// </summary>
public readonly record struct Exposure(double CisplatinMicromolar, double InhibitGls1 = 0, double InhibitGcl = 0, double InhibitXct = 0,
    double InhibitTrx = 0, double InhibitNrf2 = 0, double InhibitGlycolysis = 0, double OxygenMmHg = double.NaN)
{
    public static Exposure DrugFree => new(0);

    public bool IsDrugFree => CisplatinMicromolar <= 0 && InhibitGls1 == 0 && InhibitGcl == 0 && InhibitXct == 0 && InhibitTrx == 0 && InhibitNrf2 == 0 && InhibitGlycolysis == 0;

    /// <summary>The inhibition of a trait's mechanism (0 for traits no drug targets).</summary>
    public double Inhibition(Trait t) => t switch
    {
        Trait.Gls1 => InhibitGls1,
        Trait.Gcl => InhibitGcl,
        Trait.Xct => InhibitXct,
        Trait.Trx => InhibitTrx,
        Trait.Nrf2 => InhibitNrf2,
        Trait.Glycolysis => InhibitGlycolysis,
        _ => 0,
    };

    /// <summary>Combines an inhibitor's effect (independent action: 1 − (1 − a)(1 − b)).</summary>
    public Exposure WithInhibition(Trait t, double i)
    {
        static double C(double a, double b) => 1 - (1 - a) * (1 - b);
        return t switch
        {
            Trait.Gls1 => this with { InhibitGls1 = C(InhibitGls1, i) },
            Trait.Gcl => this with { InhibitGcl = C(InhibitGcl, i) },
            Trait.Xct => this with { InhibitXct = C(InhibitXct, i) },
            Trait.Trx => this with { InhibitTrx = C(InhibitTrx, i) },
            Trait.Nrf2 => this with { InhibitNrf2 = C(InhibitNrf2, i) },
            Trait.Glycolysis => this with { InhibitGlycolysis = C(InhibitGlycolysis, i) },
            _ => this,
        };
    }
}
