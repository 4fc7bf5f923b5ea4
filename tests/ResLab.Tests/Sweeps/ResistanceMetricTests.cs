using ResLab.Assays;
using ResLab.Storage;
using ResLab.Sweeps;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Sweeps;

/// <summary>The resistance metrics of a sweep (final_ri, final_ic50_uM, final_sf2, day_ri_ge(x)): parsing, values against the readout itself, determinism.</summary>
public class ResistanceMetricTests
{
    private const string RiMetrics = "[final_ri, final_ic50_uM, final_sf2, \"day_ri_ge(0.5)\", \"day_ri_ge(1.1)\", \"day_ri_ge(1.5)\", final_cells, max_ri]";

    [Fact]
    public void Resistance_metrics_parse_and_bad_ones_are_refused_with_the_nearest_name()
    {
        var at = new InputLocation("s.yaml", 3);
        Assert.Equal(MetricKind.FinalRi, Metrics.Parse("final_ri", null, at).Kind);
        Assert.Equal(MetricKind.FinalSf2, Metrics.Parse("final_sf2", null, at).Kind);
        Assert.True(Metrics.Parse("max_ri", null, at) is { Kind: MetricKind.MaxRi, NeedsObservation: true, NeedsResistance: true });
        var d = Metrics.Parse("day_ri_ge(2.5)", null, at);
        Assert.Equal((MetricKind.DayRiAtLeast, 2.5, "day_ri_ge_2_5"), (d.Kind, d.Threshold, d.Name));
        Assert.True(d.NeedsObservation && d.NeedsResistance);
        var e = Assert.Throws<UserInputException>(() => Metrics.Parse("final_rii", null, at));
        Assert.Contains("did you mean 'final_ri'", e.Message);
        Assert.Contains("did you mean 'day_ri_ge(2)'", Assert.Throws<UserInputException>(() => Metrics.Parse("day_ri_gt(2)", null, at)).Message);
        Assert.Contains("a resistance index > 0", Assert.Throws<UserInputException>(() => Metrics.Parse("day_ri_ge(-1)", null, at)).Message);
        Assert.Contains("a resistance index > 0", Assert.Throws<UserInputException>(() => Metrics.Parse("day_ri_ge(two)", null, at)).Message);
        Assert.Contains(Metrics.Catalogue(), c => c.Name == "day_ri_ge(x)");
    }

    [Fact]
    public void Values_are_the_readouts_of_the_engines_final_population_with_the_points_parental_ic50()
    {
        // Points differ in the line's apoptotic threshold: each has its own parental IC50 (after its overrides).
        var def = SweepReader.Load(SweepFixtures.Tiny(CliRunner.TempDir(), metrics: RiMetrics, replicates: 2, parameters: """
              - path: overrides.parameters.apoptosis_threshold
                name: theta
                values: [6, 10]
            """));
        Assert.True(def.ParentalIc50(1) > def.ParentalIc50(0)); // a higher threshold, a more tolerant parent
        for (int point = 0; point < 2; point++)
        {
            var readout = new ResistanceReadout(def.Protocols[point].Line, def.Catalogues[point]);
            Assert.Equal(readout.ParentalIc50, def.ParentalIc50(point));
            var row = SweepRunner.RunOne(def, point, 1);
            var sim = new ResLab.Simulation.Simulation(def.Protocols[point], new ResLab.Simulation.SimulationSettings { Seed = (ulong)SweepReader.PointSeed(def.Seed, point), Replicates = 2, Threads = 1 });
            var final = sim.Run().Replicates[1].Final;
            Assert.Equal(final.Total, row.Metrics[6]);
            double ic = readout.Ic50(final, readout.ParentalIc50); // the search starts at the parental IC50, as the metric's does
            Assert.Equal(ic / readout.ParentalIc50, row.Metrics[0]);
            Assert.Equal(ic, row.Metrics[1]);
            Assert.Equal(ic, readout.Ic50(final), 6); // and from another start it converges to the same root
            Assert.Equal(readout.Sf2(final), row.Metrics[2]);
            // day_ri_ge(0.5): the seeded parental population has RI ≈ 1, so day 0; higher thresholds are reached no earlier
            Assert.Equal(0, row.Metrics[3]);
            double d11 = row.Metrics[4], d15 = row.Metrics[5];
            if (!double.IsNaN(d15)) Assert.True(d11 <= d15);
            if (double.IsNaN(d11)) Assert.True(double.IsNaN(d15)); // RI ≥ 1.5 is also RI ≥ 1.1
            // max_ri: no smaller than the final RI, nor (within its 1 % step) than the RI of any reading: ≈ 1 at day 0, ≥ 1.1 on day_ri_ge(1.1)
            double max = row.Metrics[7];
            Assert.True(max >= row.Metrics[0], $"max_ri {max} < final_ri {row.Metrics[0]}");
            Assert.True(max >= 1 / MetricObserver.MaxRiStep - 1e-9, $"max_ri {max}");
            if (!double.IsNaN(d11)) Assert.True(max >= 1.1 / MetricObserver.MaxRiStep, $"max_ri {max} though RI reached 1.1 on day {d11}");
        }
    }

    [Fact]
    public void Max_ri_follows_a_rising_ri_within_its_step_and_day_ri_ge_finds_the_first_reading_at_or_above()
    {
        // KEAP1-null cells selected by cisplatin: the RI of the flask rises day by day (the readout read exactly each day is the truth).
        var line = ResLab.Biology.Catalogue.Default.CellLine("CAL27");
        var keap1 = ResLab.Model.Phenotype.Founder(line.Genotype.With(ResLab.Biology.Mutations.Keap1));
        var pop = ResLab.Simulation.Population.FromPhenotypes(line, [(ResLab.Model.Phenotype.Founder(line.Genotype), 10_000), (keap1, 10_000)]);
        var specs = new[] { Metrics.Parse("max_ri", null, new InputLocation()), Metrics.Parse("day_ri_ge(1.5)", null, new InputLocation()) };
        var readout = new ResistanceReadout(line);
        var truth = new ResistanceReadout(line);
        var observer = new MetricObserver(specs, readout, 24);
        var culture = new ResLab.Simulation.Culture(pop, new ResLab.Simulation.Flask(1e6), new ResLab.Simulation.EngineSettings { Evolution = false }, seed: 9);
        var ri = new List<double>();
        for (int day = 0; day <= 10; day++)
        {
            culture.AdvanceTo(24 * day);
            culture.SetDrug("cisplatin", 8); // fresh drug every day
            observer.Observe(culture);
            ri.Add(truth.Ri(culture.Snapshot()));
        }
        Assert.True(ri[^1] > ri[0] * 1.05, $"the RI did not rise: {string.Join(", ", ri)}");
        Assert.InRange(observer.MaxRi, ri.Max() / MetricObserver.MaxRiStep - 1e-9, ri.Max() + 1e-9);
        int first = ri.FindIndex(x => x >= 1.5);
        Assert.Equal(first < 0 ? double.NaN : first, observer.FirstDay(1));
    }

    [Fact]
    public void Resistance_rows_are_identical_on_one_or_two_threads()
    {
        var dir = CliRunner.TempDir();
        var file = SweepFixtures.Tiny(dir, metrics: RiMetrics, replicates: 2);
        var one = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "one.duckdb"), Threads = 1 });
        var two = SweepJob.Run(new SweepRunOptions { SweepFile = file, Out = Path.Combine(dir, "two.duckdb"), Threads = 2, BatchRows = 1 });
        var a = SweepFixtures.Rows(one.Store);
        Assert.Equal(8, a.Count);
        Assert.Equal(a, SweepFixtures.Rows(two.Store));
        var def = SweepReader.Load(file);
        Assert.Equal(SweepRunner.RunOne(def, 2, 1).Metrics, SweepRunner.RunOne(def, 2, 1).Metrics);
    }
}
