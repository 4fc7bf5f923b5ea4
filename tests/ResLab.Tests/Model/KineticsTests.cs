using ResLab.Biology;
using ResLab.Model;

namespace ResLab.Tests.Model;

/// <summary>The exponential integrator against an independent one (MathNet's RK4 with tiny steps) and its invariants.</summary>
public class KineticsTests
{
    private static double[] ToArray(in IntracellularState s) => [s.Ctr1, s.Cisplatin, s.Adducts, s.Gsh, s.GlutathioneTotal, s.Ros, s.Dsb];
    private static IntracellularState FromArray(double[] x) => new() { Ctr1 = x[0], Cisplatin = x[1], Adducts = x[2], Gsh = x[3], GlutathioneTotal = x[4], Ros = x[5], Dsb = x[6] };

    [Fact]
    public void Exponential_integrator_matches_MathNet_RK4()
    {
        var L = new LineModel(Catalogue.Default.CellLine("CAL27"));
        var k = CloneKinetics.For(L, Phenotype.Founder(L.FounderGenotype));
        var e = new Exposure(10, InhibitGcl: 0.5);
        var s0 = L.Reference;
        s0.Dsb = 2;
        var reference = MathNet.Numerics.OdeSolvers.RungeKutta.FourthOrder(MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(ToArray(s0)), 0, 48, 48 * 200 + 1,
            (t, y) =>
            {
                var dx = new double[7];
                Kinetics.Derivative(k, FromArray(y.ToArray()), e, dx);
                return MathNet.Numerics.LinearAlgebra.Vector<double>.Build.DenseOfArray(dx);
            });
        var exact = reference[^1].ToArray();
        var s = s0;
        for (int i = 0; i < 48; i++) s = Kinetics.Step(k, s, e, 1.0);
        var ours = ToArray(s);
        for (int i = 0; i < 7; i++) Assert.True(Math.Abs(ours[i] - exact[i]) <= 0.02 * Math.Abs(exact[i]) + 1e-6, $"variable {i}: {ours[i]} vs RK4 {exact[i]}");
        // halving the step: second-order convergence (error falls ~4x)
        var s2 = s0;
        for (int i = 0; i < 96; i++) s2 = Kinetics.Step(k, s2, e, 0.5);
        double e1 = Math.Abs(ours[2] - exact[2]), e2 = Math.Abs(s2.Adducts - exact[2]);
        Assert.True(e2 < e1 / 2.5, $"adduct error {e1} at 1 h, {e2} at 0.5 h");
    }

    [Fact]
    public void Concentrations_never_go_negative_and_GSH_stays_within_its_pool()
    {
        var L = new LineModel(Catalogue.Default.CellLine("FaDu"));
        var k = CloneKinetics.For(L, Phenotype.Founder(L.FounderGenotype).Shifted(Trait.Gcl, -4));
        var s = L.Reference;
        var rnd = new System.Random(1);
        for (int i = 0; i < 2000; i++)
        {
            var e = new Exposure(rnd.NextDouble() < 0.5 ? 0 : 100 * rnd.NextDouble(), InhibitGcl: rnd.NextDouble(), InhibitTrx: rnd.NextDouble(), InhibitGls1: rnd.NextDouble());
            s = Kinetics.Step(k, s, e, 0.1 + 10 * rnd.NextDouble());
            foreach (var v in ToArray(s)) Assert.True(v >= 0 && double.IsFinite(v));
            Assert.True(s.Gsh <= s.GlutathioneTotal);
        }
    }

    [Fact]
    public void Glutathione_biology_goes_the_right_way()
    {
        var L = new LineModel(Catalogue.Default.CellLine("CAL27"));
        var parental = CloneKinetics.For(L, Phenotype.Founder(L.FounderGenotype));
        var keap1 = CloneKinetics.For(L, Phenotype.Founder(L.FounderGenotype.With(Mutations.Keap1)));
        var free = Exposure.DrugFree;
        double gsh0 = Kinetics.SteadyState(parental, free).Gsh, gshK = Kinetics.SteadyState(keap1, free).Gsh;
        Assert.InRange(gsh0 / 1000, 1, 10);                 // cytosolic GSH 1–10 mM (Dabrowiak 2002)
        Assert.InRange(gshK / gsh0, 1.5, 4);                // KEAP1 loss raises GSH
        Assert.True(keap1.DoublingTime() > parental.DoublingTime()); // with a fitness cost
        Assert.True(Kinetics.SteadyState(parental, new Exposure(0, InhibitGls1: 0.95)).Gsh < 0.6 * gsh0);  // GLS1 inhibition lowers GSH
        Assert.True(Kinetics.SteadyState(parental, new Exposure(0, InhibitGcl: 0.95)).Gsh < 0.2 * gsh0);   // BSO depletes it
        var cis = new Exposure(5);
        Assert.True(Kinetics.SteadyState(keap1, cis).Adducts < Kinetics.SteadyState(parental, cis).Adducts); // GSH sequesters cisplatin
        Assert.Equal(Math.Log(2) / 40, 1 / parental.DoublingTime() * Math.Log(2), 10);
    }
}
