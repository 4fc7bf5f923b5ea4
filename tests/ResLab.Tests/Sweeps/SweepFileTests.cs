using ResLab.Sweeps;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Sweeps;

/// <summary>Sweep files: designs against their definitions (grid = every combination, log spacing, Latin hypercube strata), units, and every bad-input case.</summary>
public class SweepFileTests
{
    private static string Write(string text)
    {
        var p = Path.Combine(CliRunner.TempDir(), "s.yaml");
        File.WriteAllText(p, text);
        return p;
    }

    private static UserInputException Fails(string text) => Assert.Throws<UserInputException>(() => SweepReader.Load(Write(text)));

    private static string Base(string parameters, string extra = "") => $"""
        protocol: {SweepFixtures.Protocol("cisplatin-constant-daily-2uM.yaml")}
        set: {"{"} flask.capacity: 1e4 cells, flask.seeding: 1e3 cells, duration: 1 week {"}"}
        {extra}
        parameters:
        {parameters}
        """;

    [Fact]
    public void A_grid_is_every_combination_with_the_first_parameter_slowest_and_log_ranges_spaced_by_equal_ratios()
    {
        var def = SweepReader.Load(Write(Base("""
              - path: overrides.parameters.keap1_loss_rate
                range: { from: 1e-7, to: 1e-4, points: 4, scale: log }
              - path: schedule[0].drug.concentration
                name: conc
                range: { from: 500 nM, to: 2 uM, points: 3 }
            """)));
        Assert.Equal(12, def.Points.Count);
        Assert.Equal(["keap1_loss_rate", "conc"], def.Parameters.Select(p => p.Name));
        Assert.Equal("uM", def.Parameters[1].Unit); // canonical unit: nM and uM parsed by Units/
        var rates = def.Points.Select(p => p.Values[0].Number!.Value).Distinct().ToArray();
        Assert.Equal([1e-7, 1e-6, 1e-5, 1e-4], rates);
        Assert.Equal([0.5, 1.25, 2.0], def.Points.Take(3).Select(p => p.Values[1].Number!.Value));
        Assert.All(def.Points.Take(3), p => Assert.Equal(1e-7, p.Values[0].Number));
        // the values reach the protocol: the point's cell line has the rate, its schedule the concentration
        Assert.Equal(1e-5, def.Protocols[6].Line.Parameters["keap1_loss_rate"], 15);
        var drug = def.Protocols[6].Phases[0].Rules.SelectMany(r => r.Actions).OfType<ResLab.Protocols.SetDrugAction>().Single();
        Assert.Equal(0.5, drug.Micromolar, 12);
        Assert.Equal(1e4, def.Protocols[0].Flask.Capacity);
    }

    [Fact]
    public void A_latin_hypercube_puts_exactly_one_point_in_each_equal_probability_stratum_of_every_parameter()
    {
        const int n = 20;
        var def = SweepReader.Load(Write(Base("""
              - path: overrides.parameters.lq_alpha
                range: { from: 0.1 /Gy, to: 0.4 /Gy }
              - path: duration
                range: { from: 1 day, to: 8 days, scale: log }
            """, "design: latin_hypercube\nsamples: 20\nseed: 9")));
        Assert.Equal(n, def.Points.Count);
        var alpha = def.Points.Select(p => p.Values[0].Number!.Value).ToArray();
        var dur = def.Points.Select(p => p.Values[1].Number!.Value).ToArray();
        Assert.Equal(Enumerable.Range(0, n), alpha.Select(a => (int)((a - 0.1) / 0.3 * n)).OrderBy(k => k));
        Assert.Equal(Enumerable.Range(0, n), dur.Select(d => (int)(Math.Log(d / 24) / Math.Log(8) * n)).OrderBy(k => k)); // days → h by Units/
        Assert.Equal(dur, def.Protocols.Select(p => p.Duration).ToArray());
        // the design depends on the seed alone
        Assert.Equal(alpha, SweepReader.Load(Write(Base("""
              - path: overrides.parameters.lq_alpha
                range: { from: 0.1 /Gy, to: 0.4 /Gy }
              - path: duration
                range: { from: 1 day, to: 8 days, scale: log }
            """, "design: latin_hypercube\nsamples: 20\nseed: 9"))).Points.Select(p => p.Values[0].Number!.Value));
    }

    [Fact]
    public void An_unknown_parameter_path_names_its_line_and_the_nearest_path()
    {
        var e = Fails(Base("""
              - path: schedule[0].drug.concentraton
                values: [1 uM]
            """));
        Assert.Contains("s.yaml:5:", e.Message);
        Assert.Contains("unknown parameter path 'schedule[0].drug.concentraton'", e.Message);
        Assert.Contains("did you mean 'schedule[0].drug.concentration'?", e.Message);
        var m = Fails(Base("""
              - path: overrides.parameters.keap1_loss_rat
                values: [1e-6]
            """));
        Assert.Contains("did you mean 'keap1_loss_rate'?", m.Message);
    }

    [Fact]
    public void An_empty_grid_is_refused()
    {
        Assert.Contains("an empty grid has no points", Fails(Base("""
              - path: flask.capacity
                values: []
            """)).Message);
        Assert.Contains("an empty grid has no points", Fails(Base("""
              - path: flask.capacity
                range: { from: 1e4 cells, to: 2e4 cells, points: 0 }
            """)).Message);
    }

    [Fact]
    public void Bad_values_units_metrics_and_keys_are_user_errors_with_their_place()
    {
        Assert.Contains("the dimension of 'from'", Fails(Base("""
              - path: schedule[0].drug.concentration
                range: { from: 1 uM, to: 3 days, points: 2 }
            """)).Message);
        // a value the protocol reader refuses names the point that carries it
        var bad = Fails(Base("""
              - path: flask.seeding
                values: [1e3 cells, 5e4 cells]
            """));
        Assert.Contains("point 1 (seeding = 5e4 cells) makes an invalid protocol", bad.Message);
        Assert.Contains("at most the flask capacity", bad.Message);
        Assert.Contains("did you mean 'final_cells'?", Fails(Base("""
              - path: flask.capacity
                values: [1e4 cells]
            """, "metrics: [final_cell]")).Message);
        Assert.Contains("unknown key 'replicate'", Fails(Base("""
              - path: flask.capacity
                values: [1e4 cells]
            """, "replicate: 3")).Message);
        Assert.Contains("needs 'samples'", Fails(Base("""
              - path: flask.capacity
                range: { from: 1e4 cells, to: 2e4 cells }
            """, "design: random")).Message);
    }

    [Fact]
    public void Point_seeds_are_counter_based_draws_distinct_across_points_and_fixed_by_the_sweep_seed()
    {
        var seeds = Enumerable.Range(0, 1000).Select(p => SweepReader.PointSeed(42, p)).ToArray();
        Assert.Equal(1000, seeds.Distinct().Count());
        Assert.All(seeds, s => Assert.True(s >= 0));
        Assert.Equal(seeds[17], SweepReader.PointSeed(42, 17));
        Assert.NotEqual(seeds[17], SweepReader.PointSeed(43, 17));
    }
}
