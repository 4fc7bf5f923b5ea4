using ResLab.Biology;

namespace ResLab.Tests.Simulation;

/// <summary>Cell lines for the truth tests: the generic line with chosen rates and everything else switched off.</summary>
public static class TestLines
{
    private static SourcedValue V(double v) => new(v, "test", v.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A pure birth–death line: population growth rate ln2/Td, death d, no state switching, no mutation but the marker.</summary>
    public static CellLine BirthDeath(double doublingTime, double death, double markerRate = 0)
    {
        var line = Catalogue.Default.CellLine("HNSCC-generic");
        var p = new Dictionary<string, SourcedValue>
        {
            ["doubling_time"] = V(doublingTime), ["basal_death"] = V(death), ["quiescence_entry"] = V(0), ["persister_entry"] = V(0),
            ["marker_rate"] = V(markerRate),
        };
        foreach (var k in new[] { "keap1_loss_rate", "nfe2l2_gain_rate", "cul3_loss_rate", "tp53_loss_rate", "abcb1_gain_rate", "ano1_gain_rate", "actl6a_gain_rate", "drift_rate" })
            p[k] = V(0);
        return line.WithOverrides(p);
    }
}
