using System.Globalization;
using System.Text.RegularExpressions;
using ResLab.Analysis.Clonogenic;
using static ResLab.Tests.Analysis.Fixtures;

namespace ResLab.Tests.Analysis.Clonogenic;

/// <summary>LQ fits, curve comparison, plating efficiencies and pointwise survival against CFAssay 1.21.1 (fixtures/clonogenic).</summary>
public class CfassayReferenceTests
{
    private const string Area = "clonogenic";
    private static readonly ClonogenicSet Data = ClonogenicReader.Read(Fixtures.Path(Area, "CF1_expl1_cellsurvcurves_input.csv"));

    private static int CurveOf(string line) => Data.Curves.Single(c => c.Name == line).Index;

    private static LqFit Fit(string line, LqMethod m, PeMethod pe) =>
        new() { Curve = Data.Curves[CurveOf(line)], Regression = LqRegression.Fit(Data, [CurveOf(line)], false, m, pe) };

    public static TheoryData<string, string, string> Cases()
    {
        var d = new TheoryData<string, string, string>();
        foreach (var r in Rows(Area, "CF1_LQ_fits_CFAssay.csv")) d.Add(r["cline"], r["method"], r["PEmethod"]);
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lq_fit_matches_cellsurvLQfit_to_1e6(string line, string method, string pe)
    {
        var row = Rows(Area, "CF1_LQ_fits_CFAssay.csv").Single(r => r["cline"] == line && r["method"] == method && r["PEmethod"] == pe);
        var m = method switch { "ml" => LqMethod.Ml, "ls" => LqMethod.Ls, _ => LqMethod.Franken };
        var f = Fit(line, m, pe == "fit" ? PeMethod.Fit : PeMethod.Fix);
        const double tol = 1e-6;
        // CFAssay's coefficients are −α and −β.
        Close(Num(row["alpha"]), -f.Alpha, tol, "alpha");
        Close(Num(row["se_alpha"]), f.AlphaSe, tol, "se alpha");
        Close(Num(row["beta"]), -f.Beta, tol, "beta");
        Close(Num(row["se_beta"]), f.BetaSe, tol, "se beta");
        Close(Num(row["cov_alpha_beta"]), f.CovAlphaBeta, tol, "cov(alpha, beta)");
        Close(Num(row["dispersion_or_sigma2"]), f.Dispersion, tol, "dispersion / sigma²");
        Assert.Equal((int)Num(row["df_resid"]), f.Df);
        Close(Num(row["deviance_or_rss"]), m == LqMethod.Ml ? f.Regression.Deviance : f.Regression.Rss, tol, "deviance / RSS");
        var (sf2, lo, hi) = f.Sf2Interval();
        Close(Num(row["SF2"]), sf2, tol, "SF2");
        Close(Num(row["SF2_lower95"]), lo, tol, "SF2 lower");
        Close(Num(row["SF2_upper95"]), hi, tol, "SF2 upper");
        Close(Num(row["D10"]), f.D10, tol, "D10");
        Close(Num(row["D37"]), f.D37, tol, "D37");
        Close(Num(row["D50"]), f.D50, tol, "D50");
        Close(Num(row["alpha_over_beta"]), f.AlphaBeta, tol, "alpha/beta");
        Close(Num(row["MID_0_10Gy"]), f.AreaUnderCurve(10), tol, "∫0..10 S dD");
    }

    [Fact]
    public void Printed_okf6TERT1_fit_plating_efficiencies_and_residual_summary_match()
    {
        var f = Fit("okf6TERT1", LqMethod.Ml, PeMethod.Fit);
        var text = File.ReadAllLines(Fixtures.Path(Area, "CF1_okf6TERT1_ml_fit_print.txt"));
        var pes = f.PlatingEfficiencies(Data);
        foreach (var line in text.Where(l => Regex.IsMatch(l, @"^PEe\d\s+-")))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var exp = parts[0][2..];
            var mine = pes.Single(p => Data.Experiments[p.Experiment].Name == exp);
            // Printed to 7 significant digits: log PE and its SE.
            Close(double.Parse(parts[1], CultureInfo.InvariantCulture), Math.Log(mine.Pe), 1e-6, $"log PE {exp}");
            Close(double.Parse(parts[2], CultureInfo.InvariantCulture), mine.Se / mine.Pe, 1e-6, $"SE log PE {exp}");
        }
        Assert.Equal(8, pes.Count);
        Close(167.8964, f.Regression.Deviance, 1e-6, "residual deviance");
        Close(4.337128, f.Dispersion, 1e-6, "dispersion");
    }

    [Fact]
    public void F_test_of_common_vs_line_specific_shape_matches_cellsurvLQdiff_for_every_method()
    {
        foreach (var r in Rows(Area, "CF1_cellsurvLQdiff_fullprec.csv"))
        {
            var parts = r["case"].Split('_');
            var m = parts[0] switch { "ml" => LqMethod.Ml, "ls" => LqMethod.Ls, _ => LqMethod.Franken };
            var pe = parts[1] == "fit" ? PeMethod.Fit : PeMethod.Fix;
            var cmp = LqComparison.Compare(Data, [0, 1], m, pe);
            Close(Num(r["F"]), cmp.Test.F, 1e-6, r["case"] + " F");
            Close(Num(r["p"]), cmp.Test.P, 1e-6, r["case"] + " p");
            Assert.Equal(Num(r["df1"]), cmp.Test.Df1);
            Assert.Equal(Num(r["df2"]), cmp.Test.Df2);
            Close(Num(r["resid_dev_common"]), cmp.Common.Deviance, 1e-6, r["case"] + " deviance model 1");
            Close(Num(r["resid_dev_separate"]), cmp.Separate.Deviance, 1e-6, r["case"] + " deviance model 2");
            int a = cmp.Common.AlphaIndex(0);
            Close(Num(r["alpha_common"]), -cmp.Common.Coefficients[a], 1e-6, r["case"] + " common alpha");
            Close(Num(r["beta_common"]), -cmp.Common.Coefficients[a + 1], 1e-6, r["case"] + " common beta");
            Close(Num(r["se_alpha_common"]), Math.Sqrt(cmp.Common.Cov(a, a)), 1e-6, r["case"] + " SE common alpha");
            Close(Num(r["se_beta_common"]), Math.Sqrt(cmp.Common.Cov(a + 1, a + 1)), 1e-6, r["case"] + " SE common beta");
        }
    }

    [Fact]
    public void Printed_cellsurvLQdiff_values_are_reproduced_to_their_printed_digits()
    {
        var cmp = LqComparison.Compare(Data, [CurveOf("cal33"), CurveOf("okf6TERT1")], LqMethod.Ml, PeMethod.Fit);
        Assert.Equal("7.3509", cmp.Test.F.ToString("F4", CultureInfo.InvariantCulture));
        Assert.Equal("0.001463", cmp.Test.P.ToString("F6", CultureInfo.InvariantCulture));
        Close(5.513123, cmp.Common.Dispersion, 1e-6, "model 1 dispersion");
        Close(4.452269, cmp.Separate.Dispersion, 1e-6, "model 2 dispersion");
        // Model 2 shape parameters with the pooled dispersion (SEs printed to 8 digits).
        var expected = new (string Line, double A, double SeA, double B, double SeB)[]
        {
            ("cal33", -0.26831918, 0.062588637, -0.04892355, 0.010058934),
            ("okf6TERT1", -0.51937898, 0.059669207, -0.02102614, 0.009918948),
        };
        foreach (var e in expected)
        {
            int a = cmp.Separate.AlphaIndex(CurveOf(e.Line));
            Close(e.A, -cmp.Separate.Coefficients[a], 1e-7, e.Line + " alpha");
            Close(e.SeA, Math.Sqrt(cmp.Separate.Cov(a, a)), 1e-7, e.Line + " SE alpha");
            Close(e.B, -cmp.Separate.Coefficients[a + 1], 1e-6, e.Line + " beta");
            Close(e.SeB, Math.Sqrt(cmp.Separate.Cov(a + 1, a + 1)), 1e-7, e.Line + " SE beta");
        }
    }

    [Fact]
    public void S0_and_pointwise_mean_survival_match_pes_and_sfpmean()
    {
        var pesRows = Rows(Area, "CF1_plating_efficiencies_pes.csv");
        foreach (var line in new[] { "cal33", "okf6TERT1" })
        {
            int c = CurveOf(line);
            var mine = PlatingEfficiency.Of(Data, c);
            var theirs = pesRows.Where(r => r["cline"] == line).ToList();
            Assert.Equal(theirs.Count, mine.Count);
            for (int k = 0; k < theirs.Count; k++)
            {
                Assert.Equal(theirs[k]["Exp"], Data.Experiments[mine[k].Experiment].Name);
                Close(Num(theirs[k]["S0"]), mine[k].S0, 1e-6, $"{line} S0 {theirs[k]["Exp"]}");
            }
            var s0 = mine.ToDictionary(e => e.Experiment, e => e.S0);
            var points = PlatingEfficiency.PointwiseMean(Data, c, s0);
            var sf = Rows(Area, "CF1_pointwise_mean_SF_sfpmean.csv").Where(r => r["cline"] == line).ToList();
            Assert.Equal(sf.Count, points.Count);
            for (int k = 0; k < sf.Count; k++)
            {
                Assert.Equal(Num(sf[k]["dose"]), points[k].Dose);
                Close(Num(sf[k]["SF"]), points[k].Sf, 1e-6, $"{line} SF at {points[k].Dose} Gy");
                Close(Num(sf[k]["stdev"]), points[k].Sd, 1e-6, $"{line} SE of SF at {points[k].Dose} Gy");
            }
        }
    }

    [Fact]
    public void Observed_plating_efficiencies_are_each_experiments_own_and_explain_CFAssays_misaligned_pe_column()
    {
        var pesRows = Rows(Area, "CF1_plating_efficiencies_pes.csv");
        foreach (var line in new[] { "cal33", "okf6TERT1" })
        {
            int c = CurveOf(line);
            var mine = PlatingEfficiency.Of(Data, c);
            // Each experiment's own pooled 0-Gy PE.
            foreach (var e in mine)
            {
                var zero = Data.Wells.Where(w => w.Experiment == e.Experiment && w.Dose == 0).ToList();
                Assert.Equal(zero.Sum(w => w.Colonies) / zero.Sum(w => w.Cells), e.Observed, 12);
            }
            // CFAssay's column k is pe[indu[k]], indu = row number (within the line) of each experiment's first row.
            var rowsOfLine = Data.Wells.Where(w => w.Curve == c).ToList();
            var indu = mine.Select(e => rowsOfLine.FindIndex(w => w.Experiment == e.Experiment) + 1).ToArray();
            var theirs = pesRows.Where(r => r["cline"] == line).ToList();
            for (int k = 0; k < theirs.Count; k++)
            {
                double expected = indu[k] <= mine.Count ? mine[indu[k] - 1].Observed : double.NaN;
                double actual = Num(theirs[k]["pe"]);
                if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"{line} row {k + 1}: expected NA, got {actual}");
                else Close(actual, expected, 1e-12, $"{line} CFAssay pe row {k + 1}");
            }
        }
    }

    [Fact]
    public void Dose_modifying_factors_match_the_reference()
    {
        var row = Rows(Area, "CF1_DMF.csv").Single();
        var cmp = LqComparison.Compare(Data, [CurveOf(row["reference"]), CurveOf(row["test"])], LqMethod.Ml, PeMethod.Fit);
        var at01 = LqComparison.Dmf(cmp.Separate, CurveOf(row["reference"]), CurveOf(row["test"]), 0.1);
        var at05 = LqComparison.Dmf(cmp.Separate, CurveOf(row["reference"]), CurveOf(row["test"]), 0.5);
        Close(Num(row["DMF_at_SF0.1"]), at01.Ratio, 1e-6, "DMF at SF 0.1");
        Close(Num(row["DMF_at_SF0.5"]), at05.Ratio, 1e-6, "DMF at SF 0.5");
        Assert.True(at01.Lower < at01.Ratio && at01.Ratio < at01.Upper && at01.Lower > 1, $"CI {at01.Lower}–{at01.Upper}");
    }
}
