namespace ResLab.Model;

/// <summary>
/// The per-cell state a clone's cells share (mean field), MODEL.md §3: CTR1 availability (0–1), intracellular
/// cisplatin (µM), Pt–DNA adducts (adduct units), GSH and total glutathione (µM), ROS (relative units), and the
/// residual-DSB signal after radiation. All are non-negative by construction of the integrator.
/// </summary>
public struct IntracellularState
{
    public double Ctr1;
    public double Cisplatin;
    public double Adducts;
    public double Gsh;
    public double GlutathioneTotal;
    public double Ros;
    public double Dsb;

    /// <summary>Damage D = A + w_ros·(ROS − ROS_ref)+ (MODEL.md §4).</summary>
    public readonly double Damage(double rosWeight, double rosReference) => Adducts + rosWeight * Math.Max(0, Ros - rosReference);

    /// <summary>Mixes two states by cell number (merging clones).</summary>
    public static IntracellularState Mix(in IntracellularState a, double wa, in IntracellularState b, double wb)
    {
        double t = wa + wb;
        if (t <= 0) return a;
        double fa = wa / t, fb = wb / t;
        return new IntracellularState
        {
            Ctr1 = a.Ctr1 * fa + b.Ctr1 * fb,
            Cisplatin = a.Cisplatin * fa + b.Cisplatin * fb,
            Adducts = a.Adducts * fa + b.Adducts * fb,
            Gsh = a.Gsh * fa + b.Gsh * fb,
            GlutathioneTotal = a.GlutathioneTotal * fa + b.GlutathioneTotal * fb,
            Ros = a.Ros * fa + b.Ros * fb,
            Dsb = a.Dsb * fa + b.Dsb * fb,
        };
    }
}
