namespace ResLab.Model;

/// <summary>
/// The intracellular ODEs of MODEL.md §3 (cisplatin transport, binding, adducts, glutathione, ROS; plus the
/// residual-DSB signal) and their integration. Each equation is written as dx/dt = P − L·x with production P ≥ 0 and
/// loss rate L ≥ 0 that depend on the other variables. The integrator is an exponential (exact-for-linear)
/// predictor–corrector: stiff-safe (fast ROS and GSH-cycling rates need no small steps), second order, and it keeps
/// every variable non-negative by construction (x·e^{−Lh} + P/L·(1 − e^{−Lh}) ≥ 0).
/// </summary>
public static class Kinetics
{
    /// <summary>NRF2 = NRF2_trait·(1 + n_ind·ROS/(ROS + K_ros))·(1 − I_nrf2).</summary>
    public static double Nrf2(CloneKinetics k, double ros, in Exposure e) =>
        k.Nrf2Trait * (1 + k.Line.NInd * ros / (ros + k.Line.KRos)) * (1 - e.InhibitNrf2);

    /// <summary>
    /// The factor by which an NRF2 inhibitor scales an NRF2 target whose log2 level is coupled to the NRF2 trait with
    /// slope <paramref name="coupling"/>: the target follows NRF2 activity (trait × (1 − I_nrf2)), so it moves by
    /// coupling·log2(1 − I_nrf2), i.e. ×(1 − I_nrf2)^coupling. Exactly 1 without the inhibitor (drug-free and
    /// cisplatin-only kinetics are unchanged); 1 − I is floored at 1e-6 so a saturating dose stays finite.
    /// </summary>
    public static double Nrf2TargetScale(double coupling, in Exposure e) =>
        e.InhibitNrf2 == 0 ? 1 : Math.Pow(Math.Max(1 - e.InhibitNrf2, 1e-6), coupling);

    private struct Rates
    {
        public double PCtr, LCtr, PCi, LCi, PA, LA, PG, LG, PT, LT, PR, LR, LD;
    }

    private static Rates Evaluate(CloneKinetics k, in IntracellularState s, in Exposure e)
    {
        var L = k.Line;
        double ce = Math.Max(0, e.CisplatinMicromolar);
        double glyco = k.Glyco * (1 - e.InhibitGlycolysis);
        double atp = (1 + glyco) / (1 + L.Glyco0);
        double nrf2 = Nrf2(k, s.Ros, e);
        double glu = L.GluOther + (1 - L.GluOther) * k.Gls1 * (1 - e.InhibitGls1);
        double cys = k.Xct * (1 - e.InhibitXct);
        double synth = L.VGcl * k.Gcl * (1 - e.InhibitGcl) * nrf2 * glu * cys;
        // NRF2 targets follow NRF2 activity: an NRF2 inhibitor lowers efflux (MRP2/ATP7 trait), metallothionein and
        // thioredoxin as it lowers GSH synthesis
        double atp7 = k.Atp7, mt = k.Mt, trx = k.Trx;
        if (e.InhibitNrf2 != 0)
        {
            atp7 *= Nrf2TargetScale(L.Nrf2Efflux, e);
            double targets = Nrf2TargetScale(L.Nrf2Targets, e);
            mt *= targets;
            trx *= targets;
        }
        double dnaRate = L.KDna / k.Shielding;
        double conj = L.KConj * s.Gsh;                       // per h, on C_i
        var r = new Rates
        {
            PCtr = L.KCtr,
            LCtr = L.KCtr + L.GCtr * ce,
            PCi = (L.PPass + L.KIn * k.Ctr1 * s.Ctr1) * ce,
            LCi = L.KAtp7 * atp7 + L.KAbcb1 * k.Abcb1 * atp + conj + L.KMt * mt + dnaRate,
            PA = dnaRate * s.Cisplatin,
            LA = L.KNer * k.Ner,
            // GSH: synthesis + reduction of GSSG (= total − GSH) − conjugation − oxidation − export
            PG = synth + L.KRed * s.GlutathioneTotal,
            LG = L.KConj * s.Cisplatin + L.KOx * s.Ros + L.KRed + L.KGexp,
            // total glutathione: synthesis − export − conjugated GSH (lost from the pool)
            PT = synth,
            LT = L.KGexp + (s.GlutathioneTotal > 0 ? L.KConj * s.Cisplatin * s.Gsh / s.GlutathioneTotal : 0),
            PR = L.RCis * s.Cisplatin + L.RMet * (1 - glyco),
            LR = L.KGsh * s.Gsh + L.KTrx * trx * (1 - e.InhibitTrx) + L.KRosDecay,
            LD = L.DsbRepair * k.DsbRepair,
        };
        return r;
    }

    /// <summary>x(t+h) for dx/dt = P − L·x with P, L constant over the step (exact; never negative).</summary>
    private static double Exp(double x, double p, double l, double h)
    {
        double lh = l * h;
        if (lh < 1e-8) return x + (p - l * x) * h;
        double e = Math.Exp(-lh);
        return x * e + p / l * (1 - e);
    }

    private static IntracellularState Advance(in IntracellularState s, in Rates r, double h)
    {
        var n = new IntracellularState
        {
            Ctr1 = Exp(s.Ctr1, r.PCtr, r.LCtr, h),
            Cisplatin = Exp(s.Cisplatin, r.PCi, r.LCi, h),
            Adducts = Exp(s.Adducts, r.PA, r.LA, h),
            Gsh = Exp(s.Gsh, r.PG, r.LG, h),
            GlutathioneTotal = Exp(s.GlutathioneTotal, r.PT, r.LT, h),
            Ros = Exp(s.Ros, r.PR, r.LR, h),
            Dsb = Exp(s.Dsb, 0, r.LD, h),
        };
        if (n.Gsh > n.GlutathioneTotal) n.Gsh = n.GlutathioneTotal;
        return n;
    }

    /// <summary>
    /// Advances the state over h hours under a constant exposure: rates at the start give a predictor, rates at the
    /// midpoint of start and predictor give the step (second order). <paramref name="substeps"/> splits long steps.
    /// </summary>
    public static IntracellularState Step(CloneKinetics k, in IntracellularState s, in Exposure e, double h, int substeps = 1)
    {
        var x = s;
        double dt = h / substeps;
        for (int i = 0; i < substeps; i++)
        {
            var r0 = Evaluate(k, x, e);
            var pred = Advance(x, r0, dt);
            var mid = Mix(x, pred);
            var r1 = Evaluate(k, mid, e);
            x = Advance(x, r1, dt);
        }
        return x;
    }

    private static IntracellularState Mix(in IntracellularState a, in IntracellularState b) => IntracellularState.Mix(a, 1, b, 1);

    /// <summary>The steady state under a constant exposure (fixed-point iteration of long exponential steps).</summary>
    public static IntracellularState SteadyState(CloneKinetics k, in Exposure e)
    {
        var s = new IntracellularState { Ctr1 = 1, Gsh = 5000, GlutathioneTotal = 5000, Ros = 1 };
        for (int i = 0; i < 20000; i++)
        {
            var n = Step(k, s, e, 2.0);
            if (Close(n, s)) return n;
            s = n;
        }
        return s;
    }

    private static bool Close(in IntracellularState a, in IntracellularState b)
    {
        static bool C(double x, double y) => Math.Abs(x - y) <= 1e-13 * Math.Max(1, Math.Abs(x));
        return C(a.Ctr1, b.Ctr1) && C(a.Cisplatin, b.Cisplatin) && C(a.Adducts, b.Adducts) && C(a.Gsh, b.Gsh)
               && C(a.GlutathioneTotal, b.GlutathioneTotal) && C(a.Ros, b.Ros) && C(a.Dsb, b.Dsb);
    }

    /// <summary>The exact right-hand side (for tests against an independent integrator).</summary>
    public static void Derivative(CloneKinetics k, in IntracellularState s, in Exposure e, Span<double> dx)
    {
        var r = Evaluate(k, s, e);
        dx[0] = r.PCtr - r.LCtr * s.Ctr1;
        dx[1] = r.PCi - r.LCi * s.Cisplatin;
        dx[2] = r.PA - r.LA * s.Adducts;
        dx[3] = r.PG - r.LG * s.Gsh;
        dx[4] = r.PT - r.LT * s.GlutathioneTotal;
        dx[5] = r.PR - r.LR * s.Ros;
        dx[6] = -r.LD * s.Dsb;
    }
}
