using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;

namespace ResLab.Tests.Simulation;

/// <summary>
/// Adaptive leaps (docs/model.md, "Adaptive steps"): long steps only in drug-free medium, and what a leap integrates
/// agrees with fine steps. The birth–death truths with leaps are in <see cref="BirthDeathTruthTests"/>.
/// </summary>
public class AdaptiveStepTests
{
    private static Population Cal27(long cells) => Population.Seed(Catalogue.Default.CellLine("CAL27"), cells);

    [Fact]
    public void Leaps_are_taken_in_drug_free_medium_and_never_under_a_drug()
    {
        var free = new Culture(Cal27(100_000), new Flask(1e9), seed: 1);
        free.Advance(96);
        Assert.True(free.Steps < 96 / 2, $"{free.Steps} steps for 96 drug-free hours");

        var drug = new Culture(Cal27(100_000), new Flask(1e9), seed: 1);
        drug.SetDrug("cisplatin", 2);
        drug.Advance(96);
        Assert.Equal(96, drug.Steps);

        var fixedSteps = new Culture(Cal27(100_000), new Flask(1e9), new EngineSettings { MaxLeap = 1 }, seed: 1);
        fixedSteps.Advance(96);
        Assert.Equal(96, fixedSteps.Steps);
    }

    [Fact]
    public void An_ode_leap_after_a_cisplatin_pulse_matches_a_fine_integration()
    {
        // 24 h at 10 uM, then 8 h drug-free, the worst case (cisplatin still washing out): a leap's 1-h substeps
        // against 512 substeps: within 1 % (adducts 0.3 %, the death rate 0.7 %); 4-h substeps were 4.6 % off in adducts
        // here and 2-h 1.2 %, which is why leaps keep 1-h ODE steps.
        var line = new LineModel(Catalogue.Default.CellLine("CAL27"));
        var k = CloneKinetics.For(line, Cal27(1).Clones[0].Phenotype);
        var s = Kinetics.SteadyState(k, Exposure.DrugFree);
        s = Kinetics.Step(k, s, new Exposure(10), 24, 96);
        var coarse = Kinetics.Step(k, s, Exposure.DrugFree, 8, 8);
        var fine = Kinetics.Step(k, s, Exposure.DrugFree, 8, 512);
        void Close(double a, double b, string what) => Assert.True(Math.Abs(a - b) <= 1e-2 * Math.Max(Math.Abs(b), 1e-3), $"{what}: leap {a:G6}, fine {b:G6}");
        Close(coarse.Adducts, fine.Adducts, "adducts");
        Close(coarse.Gsh, fine.Gsh, "GSH");
        Close(coarse.Ros, fine.Ros, "ROS");
        Close(coarse.Cisplatin, fine.Cisplatin, "cisplatin");
        Close(coarse.GlutathioneTotal, fine.GlutathioneTotal, "total glutathione");
        Close(coarse.Ctr1, fine.Ctr1, "CTR1");
        // and the hazards it drives
        var hc = Hazards.Rates(k, coarse, Exposure.DrugFree, 0.3);
        var hf = Hazards.Rates(k, fine, Exposure.DrugFree, 0.3);
        Close(hc.DeathCycling, hf.DeathCycling, "death rate");
        Close(hc.DivideCycling, hf.DivideCycling, "division rate");
    }
}
