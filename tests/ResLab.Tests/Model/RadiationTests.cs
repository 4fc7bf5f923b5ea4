using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using ResLab.Tests.Simulation;
using ResLab.Tests.Simulation.Random;

namespace ResLab.Tests.Model;

/// <summary>MODEL.md §7: with every modifier neutral, survival is exactly exp(−αd − βd²); n fractions give exp(−n(αd + βd²)).</summary>
public class RadiationTests
{
    [Theory]
    [InlineData(0.22, 0.0272, 2)]
    [InlineData(0.3, 0.03, 8)]
    [InlineData(0.15, 0.05, 0.5)]
    public void Neutral_modifiers_give_the_textbook_LQ_exactly(double alpha, double beta, double d)
    {
        Assert.Equal(Math.Exp(-alpha * d - beta * d * d), Radiation.Survival(alpha, beta, d));
        var model = new LineModel(Catalogue.Default.CellLine("CAL27"));
        // at the reference GSH and the reference oxygen (or none given) the damage modifier is exactly 1
        Assert.Equal(1.0, Radiation.Modifier(model, model.GshReference, double.NaN, 1));
        Assert.Equal(1.0, Radiation.Modifier(model, model.GshReference, model.OxygenRef, 1));
        Assert.Equal(Math.Exp(-alpha * d - beta * d * d), Radiation.Survival(alpha, beta, d, Radiation.Modifier(model, model.GshReference, double.NaN, 1), 1, Radiation.LeaCatcheside(0, 0.28)));
    }

    [Fact]
    public void Oxygen_and_glutathione_modify_damage_in_the_expected_directions()
    {
        var L = new LineModel(Catalogue.Default.CellLine("FaDu"));
        Assert.True(Radiation.Modifier(L, L.GshReference, 10, 1) < 1);                  // hypoxia protects (OER)
        Assert.Equal(1 / 3.0, Radiation.Omf(0, 3, 3), 12);                               // anoxic: 1/OER_max
        Assert.True(Radiation.Modifier(L, 2 * L.GshReference, double.NaN, 1) < 1);      // more GSH scavenges more
        Assert.True(Radiation.Modifier(L, 0.1 * L.GshReference, double.NaN, 1) > 1);    // BSO-like depletion sensitises
        Assert.InRange(Radiation.LeaCatcheside(1, 17 / 60.0), 0.3, 0.6);                 // a 1 h protracted fraction
    }

    [Fact]
    public void Fractions_with_full_repair_multiply_survival()
    {
        var line = TestLines.BirthDeath(30, 0.0);
        var model = new LineModel(line);
        const long n = 2_000_000;
        const int fractions = 3;
        const double d = 2;
        double s = Math.Exp(-model.Alpha * d - model.Beta * d * d);
        var settings = new EngineSettings { Evolution = false, StateSwitching = false };
        var c = new Culture(Population.Seed(line, n), Flask.Unbounded, settings, seed: 9);
        for (int i = 0; i < fractions; i++) c.Irradiate(d);
        long alive = c.TotalCells - c.Count(CellState.Doomed);
        Assert.Equal(n, c.TotalCells); // irradiation creates and loses no cell: non-survivors become doomed
        double p = Math.Pow(s, fractions);
        Assert.Equal(Math.Exp(-fractions * (model.Alpha * d + model.Beta * d * d)), p, 15);
        double z = (alive - n * p) / Math.Sqrt(n * p * (1 - p));
        Assert.True(Stats.ZP(z) > 1e-3, $"{alive} survivors, expected {n * p:F0}");
        Assert.Equal(fractions * d, c.CumulativeDoseGy);
    }
}
