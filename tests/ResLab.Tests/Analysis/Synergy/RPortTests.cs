using System.Globalization;
using ResLab.Analysis.Fitting;
using ResLab.Analysis.Synergy;
using static ResLab.Tests.Analysis.Fixtures;

namespace ResLab.Tests.Analysis.Synergy;

/// <summary>The ports of R's random numbers and of optim's BFGS against R 4.2.2 itself (fixtures/synergy/make_r_reference.R).</summary>
public class RPortTests
{
    /// <summary>Parses C99 hexadecimal floating point as R's sprintf("%a") writes it, e.g. -0x1.d7674bacd93bfp-3.</summary>
    internal static double Hex(string s)
    {
        s = s.Trim();
        bool neg = s.StartsWith('-');
        if (neg || s.StartsWith('+')) s = s[1..];
        if (!s.StartsWith("0x")) throw new FormatException(s);
        int p = s.IndexOf('p');
        var mant = s[2..p];
        int exp = int.Parse(s[(p + 1)..], CultureInfo.InvariantCulture);
        int dot = mant.IndexOf('.');
        string whole = dot < 0 ? mant : mant[..dot], frac = dot < 0 ? "" : mant[(dot + 1)..];
        ulong bits = Convert.ToUInt64(whole + frac.PadRight(13, '0')[..13], 16);
        double v = Math.ScaleB((double)bits, exp - 52);
        return neg ? -v : v;
    }

    [Fact]
    public void Set_seed_123_runif_and_rnorm_match_R_bit_for_bit()
    {
        var rows = Rows("synergy", "R_rng_seed123.csv");
        var u = new RNormalStream(123);
        foreach (var r in rows.Where(r => r["runif"] != "NA")) Assert.Equal(Hex(r["runif"]), u.NextUniform());
        var z = new RNormalStream(123);
        foreach (var r in rows) Assert.Equal(Hex(r["rnorm"]), z.NextStandardNormal());
        var m = new RNormalStream(123);
        foreach (var r in rows.Where(r => r["rnorm_40_7"] != "NA")) Assert.Equal(Hex(r["rnorm_40_7"]), m.NextNormal(40, 7));
        Assert.Equal(40, new RNormalStream(1).NextNormal(40, 0)); // sd 0: R returns the mean and draws nothing
    }

    [Fact]
    public void Qnorm_is_R_qnorm_in_every_branch()
    {
        foreach (var r in Rows("synergy", "R_qnorm.csv"))
            Close(Hex(r["qnorm"]), RNormalStream.QNorm(Hex(r["p"])), 1e-15, $"qnorm({r["p"]})");
    }

    public static TheoryData<string> OptimCases() => new() { "rosenbrock", "rosenbrock_parscale", "rosenbrock_maxit20", "quadratic" };

    [Theory]
    [MemberData(nameof(OptimCases))]
    public void Bfgs_follows_Rs_optim_path(string name)
    {
        var row = Rows("synergy", "R_optim_bfgs.csv").Single(r => r["case"] == name);
        Func<double[], double> rosen = p => 100 * Math.Pow(p[1] - p[0] * p[0], 2) + Math.Pow(1 - p[0], 2);
        Func<double[], double> quad = p =>
        {
            double[] c = [3, -2, 0.5], w = [1, 10, 100];
            double s = 0;
            for (int i = 0; i < 3; i++) s += (p[i] - c[i]) * (p[i] - c[i]) * w[i];
            return s + 0.1 * p[0] * p[1];
        };
        var r = name switch
        {
            "rosenbrock" => OptimBfgs.Minimise(rosen, [-1.2, 1], [1, 1], 500, 1e-7),
            "rosenbrock_parscale" => OptimBfgs.Minimise(rosen, [-1.2, 1], [1.2, 1], 500, 1e-7),
            "rosenbrock_maxit20" => OptimBfgs.Minimise(rosen, [-1.2, 1], [1, 1], 20),
            _ => OptimBfgs.Minimise(quad, [0, 0, 0], [1, 1, 1e-2], 100, 1e-10),
        };
        Assert.True(r.Ok, r.Error);
        // Same path: the same number of gradient evaluations and objective calls, and the same end point.
        Assert.Equal(int.Parse(row["gr_count"], CultureInfo.InvariantCulture), r.GradientCount);
        Assert.Equal(int.Parse(row["fn_count"], CultureInfo.InvariantCulture), r.FunctionCount);
        Assert.Equal(row["convergence"] == "1", r.ReachedMaxIterations);
        for (int k = 0; k < r.Parameters.Length; k++) Close(Hex(row["par" + (k + 1)]), r.Parameters[k], 1e-12, $"{name} parameter {k + 1}");
        Close(Hex(row["value"]), r.Value, 1e-9, name + " value");
    }

    [Fact]
    public void Bfgs_reports_the_errors_R_raises()
    {
        Assert.Equal("initial value in 'vmmin' is not finite", OptimBfgs.Minimise(_ => double.NaN, [1.0], [1.0]).Error);
        // A gradient that is not finite where the objective is: R's "non-finite finite-difference value [1]".
        var r = OptimBfgs.Minimise(p => p[0] >= 1 ? 1 / (p[0] - 1 - 1e-3) : double.PositiveInfinity, [1.0], [1.0]);
        Assert.StartsWith("non-finite finite-difference value", r.Error);
    }
}
