namespace ResLab.Model;

/// <summary>
/// Radiation (MODEL.md §4): linear–quadratic survival S = exp(−α_eff·d − β_eff·G·d²) with α_eff = α·M/R and
/// β_eff = β·M²/R; M is the damage modifier (oxygen, relative to the pO2 at which α and β were measured, times the
/// indirect share reduced by GSH scavenging, times the cell state's modifier), R the DSB-repair trait and G the
/// Lea–Catcheside factor of a fraction delivered over a time T. With every modifier at 1 the expression is the
/// textbook exp(−αd − βd²) exactly.
/// </summary>
public static class Radiation
{
    /// <summary>Alper–Howard-Flanders oxygen modification factor OMF(p) = (m·p + K)/((p + K)·m); 1 as p → ∞.</summary>
    public static double Omf(double pO2, double m, double k) => double.IsPositiveInfinity(pO2) ? 1 : (m * pO2 + k) / ((pO2 + k) * m);

    /// <summary>Lea–Catcheside dose-protraction factor for a constant dose rate over T with repair rate μ = ln2/t½.</summary>
    public static double LeaCatcheside(double durationHours, double repairHalfTimeHours)
    {
        if (durationHours <= 0) return 1;
        double x = Math.Log(2) / repairHalfTimeHours * durationHours;
        if (x < 1e-6) return 1 - x / 3;
        return 2 * (x - 1 + Math.Exp(-x)) / (x * x);
    }

    /// <summary>The damage modifier M of a cell: oxygen × scavenging × state modifier (1 when all are neutral).</summary>
    public static double Modifier(LineModel L, double gsh, double pO2, double stateModifier)
    {
        double oxygen = double.IsNaN(pO2) ? 1 : Omf(pO2, L.OerMax, L.OxygenK) / Omf(L.OxygenRef, L.OerMax, L.OxygenK);
        // indirect damage scales as (GSH_ref + K)/(GSH + K): 1 exactly at the reference GSH
        double ratio = (L.GshReference + L.GshScavK) / (gsh + L.GshScavK);
        double scavenging = 1 - L.IndirectFraction * (1 - ratio);
        return oxygen * scavenging * stateModifier;
    }

    /// <summary>Linear–quadratic survival of one fraction of dose d (Gy).</summary>
    public static double Survival(double alpha, double beta, double dose, double modifier = 1, double repair = 1, double protraction = 1)
    {
        double a = alpha * modifier / repair;
        double b = beta * modifier * modifier / repair * protraction;
        return Math.Exp(-a * dose - b * dose * dose);
    }
}
