using System.Globalization;
using ResLab.Analysis.DoseResponse;
using ResLab.Assays;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using Xunit;

namespace ResLab.Tests.Assays;

/// <summary>
/// The resistance readout against independent truths: the well model it restates, the stochastic engine in a well
/// (bench/Calibration's estimator), the virtual MTT plate through the LL.4 fit, the textbook LQ law and the virtual
/// clonogenic assay; and relations that hold for any calibration (mixtures, KEAP1 loss, monotone viability).
/// </summary>
public sealed class ResistanceReadoutTests
{
    private static readonly CellLine Cal27 = Catalogue.Default.CellLine("CAL27");
    private static readonly Population Parental = Population.Seed(Cal27, 1_000_000);
    private static Population Keap1Null => Population.FromPhenotypes(Cal27, [(Phenotype.Founder(Cal27.Genotype.With(Mutations.Keap1)), 1_000_000)]);

    /// <summary>Viable (not doomed) cells of a well relative to vehicle, from WellModel itself.</summary>
    private static double WellModelViability(Population p, double dose)
    {
        var m = new WellModel(p.Line);
        var cells = p.Clones.Select(c => (c.Phenotype, new double[] { c.Cycling, c.Quiescent, c.Persister, c.Doomed }.Select(v => v * 3000.0 / p.Total).ToArray())).ToList();
        double Viable(double c)
        {
            var w = m.Run(cells, Flask.Well96.Capacity, c > 0 ? [new AssayDrug("cisplatin", c)] : [], 24, 72);
            return w.Total - w.State(CellState.Doomed);
        }
        return Viable(dose) / Viable(0);
    }

    [Fact]
    public void Viability_is_the_well_models_and_the_ic50_is_its_half_point()
    {
        var r = new ResistanceReadout(Cal27);
        foreach (var dose in new[] { 0.5, 3.0, 20.0 })
            Assert.Equal(WellModelViability(Parental, dose), r.Viability(Parental, dose), 9);
        double ic = r.ParentalIc50;
        Assert.InRange(ic, 0.3, 30); // a parental HNSCC line: a few µM at 72 h (MODEL.md §6; apoptosis_threshold is calibrated to it)
        Assert.Equal(0.5, WellModelViability(Parental, ic), 6);
        Assert.Equal(1.0, r.Ri(Parental), 6);
    }

    [Fact]
    public void Viability_crosses_one_half_once_for_parental_keap1_null_and_drifted_phenotypes()
    {
        // The premise of "RI ≥ x ⟺ V(x·IC50_parental) ≥ ½": V decreases while above ¼ and never comes back above ½.
        var drifted = Population.FromPhenotypes(Cal27, [(Phenotype.Founder(Cal27.Genotype).Shifted(Trait.Apoptosis, 0.5).Shifted(Trait.Nrf2, -0.5), 10_000),
                                                        (Phenotype.Founder(Cal27.Genotype).Shifted(Trait.Abcb1, 1), 10_000)]);
        var r = new ResistanceReadout(Cal27);
        foreach (var p in new[] { Parental, Keap1Null, drifted })
        {
            double prev = 1 + 1e-12;
            bool below = false;
            for (double logc = -3; logc <= 4; logc += 0.05)
            {
                double v = r.Viability(p, Math.Pow(10, logc));
                if (prev > 0.25) Assert.True(v < prev, $"V rose at {Math.Pow(10, logc):G3} µM: {prev} → {v}");
                if (below) Assert.True(v < 0.5, $"V back above ½ at {Math.Pow(10, logc):G3} µM");
                below |= v < 0.5;
                prev = v;
            }
            Assert.True(below);
        }
    }

    [Fact]
    public void Parental_ic50_agrees_with_the_stochastic_engine_in_a_well()
    {
        // bench/Calibration.cs's estimator: the engine itself (exact SSA / birth–death kernel, 1 h steps) in a 96-well
        // flask, 3000 cells, evolution off, viable cells relative to vehicle.
        var r = new ResistanceReadout(Cal27);
        double ic = r.ParentalIc50;
        var well = Population.Seed(Cal27, 3000);
        double Ratio(double c, ulong rep)
        {
            double Viable(double dose)
            {
                var culture = new Culture(well, Flask.Well96, new EngineSettings { Evolution = false }, seed: 21, replicate: rep);
                culture.AdvanceTo(24);
                if (dose > 0) culture.SetDrug("cisplatin", dose);
                culture.AdvanceTo(96);
                return culture.TotalCells - culture.Count(CellState.Doomed);
            }
            return Viable(c) / Viable(0);
        }
        const int reps = 6;
        var at = Enumerable.Range(0, reps).Select(i => Ratio(ic, (ulong)i)).ToArray();
        double mean = at.Average(), se = Math.Sqrt(at.Sum(x => (x - mean) * (x - mean)) / (reps - 1) / reps);
        // Within sampling error (3 SE) plus the engine's own discretisation against the mean-field well
        // (1 h vs 0.5 h steps; MttRoundTripTests bounds the well totals to ±7 %, which halved at V = ½ is ±0.035).
        Assert.InRange(mean, 0.5 - 3 * se - 0.035, 0.5 + 3 * se + 0.035);
        // and the engine brackets the readout's IC50 within a factor 1.5
        Assert.True(Ratio(ic / 1.5, 0) > 0.5);
        Assert.True(Ratio(ic * 1.5, 0) < 0.5);
    }

    [Fact]
    public void Parental_ic50_agrees_with_the_mtt_plate_and_its_ll4_fit()
    {
        // Same biology, same quantity: a noise-free plate whose signal is proportional to viable cells (metabolic
        // activity 1 for every non-doomed state, 0 for doomed). What remains is LL.4's four-parameter shape against
        // the model's curve, which MttRoundTripTests bounds to 10 % of the exact IC50.
        var o = new MttOptions { Noise = MttNoise.None, Seed = 3, MetabolicActivity = [1, 1, 1, 0] };
        var dir = Path.Combine(Path.GetTempPath(), "reslab-ri-" + Guid.NewGuid().ToString("N"));
        try
        {
            var plates = MttAssay.Run([new AssaySample("parental", Parental)], o, dir);
            var curve = Assert.Single(PlateCurveReader.Read(plates[0].PlatePath, plates[0].LayoutPath).Curves);
            var fit = DoseResponseModel.LL4.Fit(curve.Data);
            Assert.True(fit.Converged);
            Assert.InRange(fit.EdAbsolute(50).Estimate / new ResistanceReadout(Cal27).ParentalIc50, 0.9, 1.1);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void Keap1_null_line_is_resistant_and_mixtures_lie_between_monotone_in_the_mix()
    {
        var r = new ResistanceReadout(Cal27);
        var keap1 = Phenotype.Founder(Cal27.Genotype.With(Mutations.Keap1));
        double ri = r.Ri(Keap1Null);
        Assert.True(ri > 1, $"KEAP1-null RI {ri}");
        double lo = r.ParentalIc50, hi = r.Ic50(Keap1Null);
        double prev = lo;
        foreach (var f in new[] { 0.1, 0.3, 0.5, 0.7, 0.9 })
        {
            var mix = Population.FromPhenotypes(Cal27, [(Phenotype.Founder(Cal27.Genotype), (long)(1_000_000 * (1 - f))), (keap1, (long)(1_000_000 * f))]);
            double ic = r.Ic50(mix);
            Assert.InRange(ic, lo, hi);
            Assert.True(ic > prev, $"IC50 at {f:P0} KEAP1-null ({ic}) not above the previous ({prev})");
            prev = ic;
        }
    }

    [Fact]
    public void Ri_at_least_x_is_the_ic50_compared_with_x_parental()
    {
        var r = new ResistanceReadout(Cal27);
        double ri = r.Ri(Keap1Null);
        r.Pin(ri * 0.9 * r.ParentalIc50);
        Assert.True(r.RiAtLeast(Keap1Null, ri * 0.9));
        Assert.False(r.RiAtLeast(Keap1Null, ri * 1.1));
        Assert.True(r.RiAtLeast(Parental, 0.9));
        Assert.False(r.RiAtLeast(Parental, 1.1));
    }

    [Fact]
    public void The_bound_that_settles_most_ri_tests_never_changes_an_answer()
    {
        var exact = new ResistanceReadout(Cal27) { UseBound = false };
        var bounded = new ResistanceReadout(Cal27);
        var keap1 = Phenotype.Founder(Cal27.Genotype.With(Mutations.Keap1));
        double[] xs = [0.5, 0.9, 0.99, 1.01, 1.1, 1.3, 1.6, 2, 3, 5];
        foreach (var x in xs) { exact.Pin(x * exact.ParentalIc50); bounded.Pin(x * bounded.ParentalIc50); }
        // mixtures, some with tiny clones (under 0.05 cells of a 3000-cell well) that enter the bounds only by their size
        var tiny = Enumerable.Range(1, 40).Select(i => (Phenotype.Founder(Cal27.Genotype.With(Mutations.Keap1)).Shifted(Trait.Abcb1, i / 8.0), 10L)).ToList();
        foreach (var (f, extra) in new[] { (0.0, false), (0.05, false), (0.2, true), (0.5, false), (0.8, true), (1.0, false), (0.0, true) })
        {
            var mix = Population.FromPhenotypes(Cal27, new[] { (Phenotype.Founder(Cal27.Genotype), (long)(1_000_000 * (1 - f))), (keap1, (long)(1_000_000 * f)) }.Concat(extra ? tiny : []));
            var want = exact.RiAtLeast(mix, xs);
            Assert.Equal(want, bounded.RiAtLeast(mix, xs));
            double ri = exact.Ri(mix);
            Assert.Equal(xs.Select(x => ri >= x).ToArray(), want); // and both are the IC50 compared with x·parental
        }
    }

    [Fact]
    public void Readings_are_deterministic_and_independent_of_the_cache()
    {
        var mix = Population.FromPhenotypes(Cal27, [(Phenotype.Founder(Cal27.Genotype), 700_000), (Phenotype.Founder(Cal27.Genotype.With(Mutations.Keap1)), 300_000)]);
        var a = new ResistanceReadout(Cal27);
        var b = new ResistanceReadout(Cal27);
        b.Pin(5);
        b.Read(Keap1Null); // warm b's caches with other phenotypes and doses first
        Assert.Equal(a.Read(mix), b.Read(mix));
        Assert.Equal(a.Viability(mix, 5), b.Viability(mix, 5)); // b's rates at 5 µM come from its cache
        Assert.Equal(a.Ic50(mix, 4.0), b.Ic50(mix, 4.0));
    }

    [Fact]
    public void Sf2_is_the_textbook_lq_law_for_cycling_reference_cells()
    {
        var r = new ResistanceReadout(Cal27);
        var model = new LineModel(Cal27);
        var founder = Phenotype.Founder(Cal27.Genotype);
        double repair = CloneKinetics.For(model, founder).DsbRepair; // 1 unless the line's DSB-repair trait is shifted (MODEL.md §4: α/R, β/R)
        var cycling = new Population(Cal27, 0, [new PopulationClone(1, 0, 0, founder, 100_000, 0, 0, 0, model.Reference)]);
        Assert.Equal(Math.Exp(-(model.Alpha * 2 + model.Beta * 4) / repair), r.Sf2(cycling), 12);
    }

    [Fact]
    public void Sf2_agrees_with_the_virtual_clonogenic_assay()
    {
        var path = Path.Combine(Path.GetTempPath(), "reslab-ri-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            ClonogenicAssay.Run([new AssaySample("parental", Parental)], new ResLab.Assays.ClonogenicOptions { DosesGy = [0, 2], BaseCells = 2000, Seed = 4 }, path);
            var rows = File.ReadAllLines(path).Skip(1).Select(l => l.Split(',')).ToList();
            double Pe(string dose, out double colonies)
            {
                var at = rows.Where(x => x[2] == dose).ToList();
                colonies = at.Sum(x => double.Parse(x[4], CultureInfo.InvariantCulture));
                return colonies / at.Sum(x => double.Parse(x[3], CultureInfo.InvariantCulture));
            }
            double sf = Pe("2", out var c2) / Pe("0", out var c0);
            double se = sf * Math.Sqrt(1 / c2 + 1 / c0); // Poisson counts (seeding and plating are Poisson/binomial)
            Assert.InRange(new ResistanceReadout(Cal27).Sf2(Parental), sf - 3 * se, sf + 3 * se);
        }
        finally { if (File.Exists(path)) File.Delete(path); }
    }
}
