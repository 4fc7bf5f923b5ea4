using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Fitting;
using static ResLab.Tests.Analysis.Fixtures;

namespace ResLab.Tests.Analysis.DoseResponse;

/// <summary>Estimates, SEs, CIs, EDs and AUCs against R drc 3.2-0 on drcData's ryegrass (fixtures: ORIGIN.md).</summary>
public class DrcReferenceTests
{
    internal static DoseResponseData Ryegrass()
    {
        var t = Table("dose_response", "DR1_ryegrass_input.csv");
        return new DoseResponseData(t.NumberColumn(t.Require("dose")), t.NumberColumn(t.Require("response")));
    }

    private static DoseResponseModel ModelOf(string name) => DoseResponseModel.TryParse(name) ?? throw new InvalidOperationException(name);

    [Theory]
    [InlineData("LL.3")]
    [InlineData("LL.4")]
    [InlineData("LL.5")]
    [InlineData("LL2.4")]
    public void Ryegrass_parameters_match_drc(string modelName)
    {
        var fit = ModelOf(modelName).Fit(Ryegrass());
        Assert.True(fit.Converged, fit.Message);
        var rows = Rows("dose_response", "drc_parameters.csv").Where(r => r["dataset"] == "DR1_ryegrass" && r["model"] == modelName).ToList();
        Assert.Equal(fit.Model.FreeCount, rows.Count);
        var cis = fit.ConfidenceIntervals();
        foreach (var row in rows)
        {
            var name = row["parameter"].Split(':')[0];
            var pe = cis.Single(c => c.Name == name);
            // LL.5 is weakly identified (f and e trade off): drc stops on optim's relative RSS change of 1e-7, which
            // leaves its estimates up to ~6e-4 from the exact optimum (our RSS is lower, see the test below); we hold
            // LL.5 to 1e-3 on estimates and 1e-2 on SEs/CIs.
            double estTol = modelName == "LL.5" ? 1e-3 : 1e-4, seTol = modelName == "LL.5" ? 1e-2 : 1e-3;
            Close(Num(row["estimate"]), pe.Estimate, estTol, $"{modelName} {name}");
            Close(Num(row["se"]), pe.StandardError, seTol, $"{modelName} SE({name})");
            Close(Num(row["lower95"]), pe.Lower, seTol * 4, $"{modelName} lower95({name})");
            Close(Num(row["upper95"]), pe.Upper, seTol * 4, $"{modelName} upper95({name})");
            // p-values below 1e-10 are left out: R's far-tail value for d (3.8e-21) is half the exact 2·P(T > |t|)
            // (7.6438e-21, checked with mpmath's incomplete beta), so only the ordinary range is compared.
            if (Num(row["p"]) > 1e-10) Close(Num(row["p"]), pe.P, 1e-2, $"{modelName} p({name})");
            Close(Num(row["rss"]), fit.Rss, 1e-7, $"{modelName} RSS");
            Assert.True(fit.Rss <= Num(row["rss"]) * (1 + 1e-9), $"{modelName}: our RSS {fit.Rss} is above drc's {row["rss"]}");
            Assert.Equal((int)Num(row["df_resid"]), fit.Df);
            Close(Num(row["sigma"]), fit.Sigma, 1e-6, $"{modelName} sigma");
            Close(Num(row["logLik"]), fit.LogLikelihood, 1e-6, $"{modelName} logLik");
            Close(Num(row["AIC"]), fit.Aic, 1e-6, $"{modelName} AIC");
        }
    }

    [Theory]
    [InlineData("LL.3")]
    [InlineData("LL.4")]
    [InlineData("LL.5")]
    [InlineData("LL2.4")]
    public void Ryegrass_effective_doses_match_drc(string modelName)
    {
        var fit = ModelOf(modelName).Fit(Ryegrass());
        var rows = Rows("dose_response", "drc_effective_doses.csv").Where(r => r["dataset"] == "DR1_ryegrass" && r["model"] == modelName).ToList();
        Assert.Equal(3, rows.Count);
        foreach (var row in rows)
        {
            double p = double.Parse(row["quantity"][2..], System.Globalization.CultureInfo.InvariantCulture);
            // drc's LL2.4 rows use interval = "fls": the Wald CI on the log scale, back-transformed.
            var interval = modelName == "LL2.4" ? EdInterval.LogDelta : EdInterval.Delta;
            var ed = fit.Ed(p, interval);
            double estTol = modelName == "LL.5" ? 1e-3 : 1e-4, seTol = modelName == "LL.5" ? 1e-2 : 1e-3;
            Close(Num(row["estimate"]), ed.Estimate, estTol, $"{modelName} ED{p}");
            if (!double.IsNaN(Num(row["se"]))) Close(Num(row["se"]), ed.StandardError, seTol, $"{modelName} SE(ED{p})");
            Close(Num(row["lower95"]), ed.Lower, seTol, $"{modelName} ED{p} lower");
            Close(Num(row["upper95"]), ed.Upper, seTol, $"{modelName} ED{p} upper");
        }
    }

    [Fact]
    public void Self_start_matches_drc_start_values()
    {
        var start = SelfStart.Start(DoseResponseModel.LL4, Ryegrass());
        var rows = Rows("dose_response", "crosscheck_drc_vs_nlsLM.csv");
        int[] slot = [LogLogistic.B, LogLogistic.C, LogLogistic.D, LogLogistic.E];
        string[] names = ["b", "c", "d", "e"];
        for (int i = 0; i < 4; i++)
            Close(Num(rows.Single(r => r["par"] == names[i])["drc_selfstart"]), start[slot[i]], 1e-5, $"start {names[i]}");
    }

    [Fact]
    public void Gauss_Newton_covariance_matches_nlsLM_and_scipy()
    {
        var fit = DoseResponseModel.LL4.Fit(Ryegrass(), new FitOptions { Covariance = CovarianceMethod.GaussNewton });
        var nls = Rows("dose_response", "crosscheck_drc_vs_nlsLM.csv");
        var scipy = Rows("dose_response", "crosscheck_scipy_curve_fit.csv");
        foreach (var name in new[] { "b", "c", "d", "e" })
        {
            Close(Num(nls.Single(r => r["par"] == name)["nlsLM_se_JtJ"]), fit.StandardError(name), 1e-3, $"nlsLM SE({name})");
            var s = scipy.Single(r => r["par"] == name);
            Close(Num(s["se_JtJ"]), fit.StandardError(name), 1e-3, $"scipy SE({name})");
            Close(Num(s["lower95"]), fit.ConfidenceIntervals().Single(c => c.Name == name).Lower, 1e-3, $"scipy lower({name})");
            Close(Num(s["est"]), fit[name], 1e-5, $"scipy estimate {name}");
        }
    }

    [Theory]
    [InlineData("LL.3")]
    [InlineData("LL.4")]
    [InlineData("LL.5")]
    public void Both_auc_definitions_match_the_reference(string modelName)
    {
        var fit = ModelOf(modelName).Fit(Ryegrass());
        var row = Rows("dose_response", "drc_auc.csv").Single(r => r["model"] == modelName);
        Close(Num(row["auc_fit_norm"]), fit.AucFit(), modelName == "LL.5" ? 1e-3 : 1e-5, "AUC of the fitted curve");
        Close(Num(row["auc_trapz_obs_norm"]), fit.AucTrapezoid(), 1e-9, "AUC by trapezoids");
    }
}
