using System.Globalization;
using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Synergy;
using static ResLab.Tests.Analysis.Fixtures;

namespace ResLab.Tests.Analysis.Synergy;

/// <summary>Single-drug fits, per-well and per-block scores against SynergyFinder 3.7.3 on the Mathews data (fixtures/synergy).</summary>
public class SynergyFinderReferenceTests
{
    private static readonly CombinationSet Data = CombinationReader.Read(Fixtures.Path("synergy", "SYN1_mathews_blocks1-2_input_viability.csv"));

    private static CombinationBlock Block(string id) => Data.Blocks.Single(b => b.Id == id);

    private static Dictionary<string, string> Well(string block, double c1, double c2) =>
        Rows("synergy", "SYN1_synergy_scores_per_well.csv").Single(r => r["block_id"] == block && Num(r["conc1"]) == c1 && Num(r["conc2"]) == c2);

    [Fact]
    public void Responses_are_converted_to_inhibition_as_ReshapeData_does()
    {
        foreach (var r in Rows("synergy", "SYN1_response_inhibition_after_ReshapeData.csv"))
        {
            var b = Block(r["block_id"]);
            int i = Array.IndexOf(b.Conc1, Num(r["conc1"])), j = Array.IndexOf(b.Conc2, Num(r["conc2"]));
            Assert.Equal(Num(r["response"]), b.Responses[i, j].Single(), 9);
        }
        Assert.Equal("nM", Block("1").Unit1);
    }

    [Fact]
    public void Single_drug_fits_follow_drcs_path_even_where_the_curve_is_degenerate()
    {
        foreach (var r in Rows("synergy", "SYN1_single_drug_fits.csv"))
        {
            var b = Block(r["block_id"]);
            var curve = r["drug"] == "conc1"
                ? SingleDrugFitter.Fit(b.Conc1, Enumerable.Range(0, b.Rows).Select(i => b.Responses[i, 0][0]).ToArray(), null, CurveFitMethod.SynergyFinder)
                : SingleDrugFitter.Fit(b.Conc2, Enumerable.Range(0, b.Columns).Select(j => b.Responses[0, j][0]).ToArray(), null, CurveFitMethod.SynergyFinder);
            Assert.NotNull(curve);
            Assert.Equal(DrcCurveKind.LL4, curve.Kind);
            var what = $"block {r["block_id"]} {r["drug"]}";
            // Block 1's ispinesib stops at e ≈ 2e17 (a flat ridge): drc's BFGS path is reproduced to ~1e-8 there too.
            Close(Num(r["b_Hill"]), curve.B, 1e-7, what + " b");
            Close(Num(r["c_Emin"]), curve.C, 1e-7, what + " c");
            Close(Num(r["d_Emax"]), curve.D, 1e-7, what + " d");
            Close(Num(r["e_EC50"]), curve.E, 1e-7, what + " e");
        }
    }

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void Per_well_scores_match_SynergyFinder(string id)
    {
        var b = Block(id);
        var s = SynergyModels.Score(b.Conc1, b.Conc2, b.Mean(), LoeweMethod.Grid, CurveFitMethod.SynergyFinder);
        double zipTolerance = id == "1" ? 1e-3 : 0.5; // measured: 1.5e-4 and 0.21 (one ill-posed row fit of block 2)
        for (int i = 0; i < b.Rows; i++)
            for (int j = 0; j < b.Columns; j++)
            {
                var w = Well(id, b.Conc1[i], b.Conc2[j]);
                var at = $"block {id} ({b.Conc1[i]}, {b.Conc2[j]})";
                Assert.True(Math.Abs(Num(w["HSA_ref"]) - s.HsaRef[i, j]) <= 1e-6, at + " HSA ref");
                Assert.True(Math.Abs(Num(w["HSA_synergy"]) - s.Hsa(i, j)) <= 1e-6, at + " HSA");
                Assert.True(Math.Abs(Num(w["Bliss_ref"]) - s.BlissRef[i, j]) <= 1e-6, at + " Bliss ref");
                Assert.True(Math.Abs(Num(w["Bliss_synergy"]) - s.Bliss(i, j)) <= 1e-6, at + " Bliss");
                Assert.True(Math.Abs(Num(w["Loewe_ref"]) - s.LoeweRef[i, j]) <= 1e-6, at + $" Loewe ref {s.LoeweRef[i, j]}");
                Assert.True(Math.Abs(Num(w["ZIP_ref"]) - s.ZipRef[i, j]) <= 1e-6, at + " ZIP ref");
                Assert.True(Math.Abs(Num(w["ZIP_synergy"]) - s.Zip(i, j)) <= zipTolerance, at + $" ZIP {s.Zip(i, j)} vs {w["ZIP_synergy"]}");
            }
    }

    [Fact]
    public void Block_summaries_and_p_values_match_SynergyFinder()
    {
        var results = SynergyAnalysis.Run(Data, new SynergyOptions());
        foreach (var r in Rows("synergy", "SYN1_synergy_summary_per_block.csv"))
        {
            var mine = results.Single(x => x.Block.Id == r["block_id"]);
            foreach (var (m, name) in new[] { (SynergyModel.Zip, "ZIP"), (SynergyModel.Hsa, "HSA"), (SynergyModel.Bliss, "Bliss"), (SynergyModel.Loewe, "Loewe") })
            {
                double tol = m is SynergyModel.Hsa or SynergyModel.Bliss ? 1e-6 : m == SynergyModel.Loewe ? 1e-6 : 0.05;
                Assert.True(Math.Abs(Num(r[name + "_synergy"]) - mine.Summary[m].Score) <= tol, $"block {r["block_id"]} {name}: {mine.Summary[m].Score} vs {r[name + "_synergy"]}");
                Assert.Equal(r[name + "_synergy_p_value"], mine.Summary[m].P.ToString("0.00e+00", CultureInfo.InvariantCulture));
            }
            Assert.Equal(r["drug1"], mine.Block.Drug1);
            Assert.False(mine.Block.Replicated);
        }
    }

    [Fact]
    public void Correct_baseline_all_matches_SynergyFinder()
    {
        var r = Rows("synergy", "SYN1_block1_summary_correct_baseline_all.csv").Single();
        var mine = SynergyAnalysis.Score(Block("1"), new SynergyOptions { Baseline = BaselineCorrection.All });
        Close(Num(r["HSA_synergy"]), mine.Summary[SynergyModel.Hsa].Score, 1e-8, "HSA");
        Close(Num(r["Bliss_synergy"]), mine.Summary[SynergyModel.Bliss].Score, 1e-8, "Bliss");
        Close(Num(r["Loewe_synergy"]), mine.Summary[SynergyModel.Loewe].Score, 1e-8, "Loewe");
        Assert.True(Math.Abs(Num(r["ZIP_synergy"]) - mine.Summary[SynergyModel.Zip].Score) < 1e-3, "ZIP");
        Assert.Equal(r["Bliss_synergy_p_value"], mine.Summary[SynergyModel.Bliss].P.ToString("0.00e+00", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Exact_Loewe_stays_within_the_grid_step_of_the_grid_reference()
    {
        foreach (var b in Data.Blocks)
        {
            var grid = SynergyModels.Score(b.Conc1, b.Conc2, b.Mean(), LoeweMethod.Grid, CurveFitMethod.SynergyFinder);
            var exact = SynergyModels.Score(b.Conc1, b.Conc2, b.Mean(), LoeweMethod.Exact, CurveFitMethod.SynergyFinder);
            double step = (Math.Max(grid.Drug1!.Upper, grid.Drug2!.Upper) - Math.Min(grid.Drug1.Lower, grid.Drug2.Lower)) / 99;
            for (int i = 1; i < b.Rows; i++)
                for (int j = 1; j < b.Columns; j++)
                {
                    Assert.True(Math.Abs(exact.LoeweRef[i, j] - grid.LoeweRef[i, j]) <= step + 1e-9, $"block {b.Id} ({i}, {j})");
                    // Where a root exists the exact reference solves Loewe's equation.
                    double x1 = b.Conc1[i], x2 = b.Conc2[j], y = exact.LoeweRef[i, j];
                    double g = x1 / SynergyModels.IsoDose(grid.Drug1, y) + x2 / SynergyModels.IsoDose(grid.Drug2, y) - 1;
                    if (Math.Abs(exact.LoeweRef[i, j] - grid.LoeweRef[i, j]) > 0) Assert.True(Math.Abs(g) < 1e-6, $"block {b.Id} ({i}, {j}): residual {g}");
                }
        }
    }
}
