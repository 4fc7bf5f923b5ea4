using ResLab.Analysis.GrMetrics;
using static ResLab.Tests.Analysis.Fixtures;

namespace ResLab.Tests.Analysis.GrMetrics;

/// <summary>GR values and metrics against GRmetrics 1.17.1 on its inputCaseA (fixtures: ORIGIN.md).</summary>
public class GrMetricsReferenceTests
{
    private static readonly string[] Keys = ["cell_line", "treatment", "time"];

    private static GrDataset CaseA() => GrInput.Read(Path("gr_metrics", "GR_inputCaseA.csv"), Keys);

    [Fact]
    public void Gr_values_match_GRmetrics()
    {
        var data = CaseA();
        var expected = Rows("gr_metrics", "GR_values.csv");
        Assert.Equal(expected.Count, data.Wells.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var w = data.Wells[i];
            Assert.Equal(e["cell_line"], w.Keys[0]);
            Assert.Equal(Num(e["concentration"]), w.Concentration);
            // GRmetrics printed 15 significant digits: equal to that precision.
            Close(Num(e["GRvalue"]), w.GrValue, 1e-13, $"GRvalue row {i + 1}");
            Close(Num(e["rel_cell_count"]), w.RelativeCellCount, 1e-14, $"rel_cell_count row {i + 1}");
            Close(Num(e["ctrl_cell_doublings"]), w.ControlDoublings, 1e-14, $"ctrl_cell_doublings row {i + 1}");
        }
    }

    [Theory]
    [InlineData(false, "GR_metrics.csv")]
    [InlineData(true, "GR_metrics_force.csv")]
    public void Gr_metrics_match_GRmetrics(bool force, string fixture)
    {
        var rows = GrAnalysis.Metrics(CaseA(), force);
        var expected = Rows("gr_metrics", fixture);
        Assert.Equal(expected.Count, rows.Count);
        var failures = new List<string>();
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var r = rows[i];
            Assert.Equal(new[] { e["cell_line"], e["treatment"], e["time"] }, r.Keys);
            Assert.Equal(e["experiment"], r.experiment);
            // BT20/drugB has no dose effect (r² ≤ 0.0002). There the bounded LL.3u surface has several local minima
            // and GRmetrics' L-BFGS-B stops in one chosen by its path; we keep the lowest RSS of several starts, which
            // is never higher than GRmetrics' (asserted). Without force both call the curves flat and every reported
            // number follows the flat rules, so all are compared; with force = TRUE the forced sigmoid parameters of
            // such a no-effect curve are arbitrary, so that experiment is only checked for its RSS.
            bool noEffect = Num(e["r2_rel_cell"]) < 0.01 && e["treatment"] == "drugB" && e["cell_line"] == "BT20";
            if (noEffect)
            {
                Assert.True(r.r2_GR >= Num(e["r2_GR"]) - 1e-9, $"{r.experiment}: our GR fit (r² {r.r2_GR}) is worse than GRmetrics' ({e["r2_GR"]})");
                Assert.True(r.r2_rel_cell >= Num(e["r2_rel_cell"]) - 1e-9, $"{r.experiment}: our rel. cell fit (r² {r.r2_rel_cell}) is worse than GRmetrics' ({e["r2_rel_cell"]})");
                if (force) continue;
            }
            Assert.Equal(e["fit_GR"], r.fit_GR);
            Assert.Equal(e["fit_rel_cell"], r.fit_rel_cell);
            Assert.Equal((int)Num(e["concentration_points"]), r.concentration_points);
            void Check(string col, double actual)
            {
                double x = Num(e[col]);
                bool ok = double.IsNaN(x) ? double.IsNaN(actual) : double.IsInfinity(x) ? x == actual
                    : Math.Abs(actual - x) <= 1e-3 * Math.Abs(x) + 1e-12;
                if (!ok) failures.Add($"{r.experiment} {col}: expected {e[col]}, got {actual:R}");
            }
            Check("GR50", r.GR50); Check("GRmax", r.GRmax); Check("GR_AOC", r.GR_AOC); Check("GEC50", r.GEC50);
            Check("GRinf", r.GRinf); Check("h_GR", r.h_GR); Check("flat_fit_GR", r.flat_fit_GR);
            Check("IC50", r.IC50); Check("Emax", r.Emax); Check("AUC", r.AUC); Check("EC50", r.EC50); Check("Einf", r.Einf);
            Check("h", r.h); Check("flat_fit_rel_cell", r.flat_fit_rel_cell); Check("ctrl_cell_doublings", r.ctrl_cell_doublings);
            // r² and p are compared on their own scale: r² absolutely (it can be ~0), p relatively where it is not tiny.
            if (!noEffect && Math.Abs(Num(e["r2_GR"]) - r.r2_GR) > 1e-3) failures.Add($"{r.experiment} r2_GR: expected {e["r2_GR"]}, got {r.r2_GR:R}");
            if (!noEffect && Math.Abs(Num(e["r2_rel_cell"]) - r.r2_rel_cell) > 1e-3) failures.Add($"{r.experiment} r2_rel_cell: expected {e["r2_rel_cell"]}, got {r.r2_rel_cell:R}");
            foreach (var (col, v) in new[] { ("pval_GR", r.pval_GR), ("pval_rel_cell", r.pval_rel_cell) })
            {
                double x = Num(e[col]);
                if (x > 1e-10 ? Math.Abs(v - x) > 1e-2 * x : !(v < 1e-8)) failures.Add($"{r.experiment} {col}: expected {e[col]}, got {v:R}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
