using ResLab.Biology;
using ResLab.Model;

namespace ResLab.Tests.Model;

/// <summary>
/// An NRF2 inhibitor lowers NRF2 activity (trait × (1 − I)); every NRF2-driven output follows the activity. The truth:
/// halving NRF2 activity with the drug must give the same kinetics and hazards as halving the heritable NRF2 trait
/// (a drift of −1 log2), through the couplings compiled at founding.
/// </summary>
public class Nrf2InhibitionTests
{
    private static void Close(double a, double b, string what) =>
        Assert.True(Math.Abs(a - b) <= 1e-12 * Math.Max(1, Math.Abs(b)), $"{what}: {a} vs {b}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Halving_NRF2_activity_with_the_drug_equals_halving_the_NRF2_trait(bool keap1)
    {
        var L = new LineModel(Catalogue.Default.CellLine("CAL27"));
        var founder = Phenotype.Founder(keap1 ? L.FounderGenotype.With(Mutations.Keap1) : L.FounderGenotype);
        var drugged = CloneKinetics.For(L, founder);
        var halved = CloneKinetics.For(L, founder.Shifted(Trait.Nrf2, -1));
        var s = L.Reference;
        s.Cisplatin = 3; s.Adducts = 50; s.Ros = 1.7; s.Dsb = 0.5;
        var withDrug = new Exposure(10, InhibitNrf2: 0.5);
        var without = new Exposure(10);
        Span<double> a = stackalloc double[7], b = stackalloc double[7];
        Kinetics.Derivative(drugged, s, withDrug, a);
        Kinetics.Derivative(halved, s, without, b);
        for (int i = 0; i < 7; i++) Close(a[i], b[i], $"d/dt of variable {i}");
        var ra = Hazards.Rates(drugged, s, withDrug, 0.3);
        var rb = Hazards.Rates(halved, s, without, 0.3);
        Close(ra.Apoptosis, rb.Apoptosis, "apoptosis");
        Close(ra.Ferroptosis, rb.Ferroptosis, "ferroptosis");
        Close(ra.CyclingToPersister, rb.CyclingToPersister, "persister entry");
        Assert.True(ra.Apoptosis > Hazards.Rates(drugged, s, without, 0.3).Apoptosis);     // the drug sensitises
    }

    [Fact]
    public void Without_the_NRF2_inhibitor_the_targets_are_untouched_and_a_saturating_dose_stays_finite()
    {
        Assert.Equal(1.0, Kinetics.Nrf2TargetScale(0.3, new Exposure(10, InhibitGcl: 0.9)));
        Assert.Equal(Math.Pow(0.25, 0.5), Kinetics.Nrf2TargetScale(0.5, new Exposure(0, InhibitNrf2: 0.75)), 15);
        var L = new LineModel(Catalogue.Default.CellLine("CAL27"));
        var k = CloneKinetics.For(L, Phenotype.Founder(L.FounderGenotype.With(Mutations.Keap1)));
        var e = new Exposure(30, InhibitNrf2: 1);
        var s = Kinetics.Step(k, L.Reference, e, 24);
        var r = Hazards.Rates(k, s, e, 0);
        Assert.True(double.IsFinite(r.Apoptosis) && double.IsFinite(r.Ferroptosis) && double.IsFinite(s.Cisplatin));
    }
}
