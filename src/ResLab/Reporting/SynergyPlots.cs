using System.Globalization;
using ResLab.Analysis.DoseResponse;
using ResLab.Analysis.Synergy;
using ScottPlot;

namespace ResLab.Reporting;

/// <summary>Synergy figures: a score heatmap over the dose matrix, and the single-drug curves the models rest on.</summary>
public static class SynergyPlots
{
    /// <summary>
    /// The dose matrix as coloured cells (red: synergy, score &gt; 0; blue: antagonism), each labelled with its score;
    /// drug 2 concentrations across, drug 1 concentrations up. Drawn as vector rectangles so the SVG stays sharp.
    /// </summary>
    public static Plot Heatmap(CombinationBlock b, double[,] values, string title, string scoreName)
    {
        var plt = PlotStyle.NewPlot(title, $"{b.Drug2} ({Unit(b.Unit2)})   —   {scoreName}: red synergy, blue antagonism", $"{b.Drug1} ({Unit(b.Unit1)})");
        int n1 = b.Rows, n2 = b.Columns;
        double limit = 10;
        foreach (var v in values) if (double.IsFinite(v)) limit = Math.Max(limit, Math.Abs(v));
        for (int i = 0; i < n1; i++)
            for (int j = 0; j < n2; j++)
            {
                double v = values[i, j];
                var rect = plt.Add.Rectangle(j - 0.5, j + 0.5, i - 0.5, i + 0.5);
                rect.FillColor = double.IsFinite(v) ? Diverging(v / limit) : Colors.LightGray;
                rect.LineColor = Colors.White;
                rect.LineWidth = 1;
                var text = plt.Add.Text(double.IsFinite(v) ? v.ToString("0.0", CultureInfo.InvariantCulture) : "NA", j, i);
                text.Alignment = Alignment.MiddleCenter;
                text.LabelFontSize = 11;
                text.LabelFontColor = Math.Abs(double.IsFinite(v) ? v / limit : 0) > 0.6 ? Colors.White : Colors.Black;
            }
        plt.Axes.Bottom.SetTicks(Enumerable.Range(0, n2).Select(j => (double)j).ToArray(), b.Conc2.Select(Label).ToArray());
        plt.Axes.Left.SetTicks(Enumerable.Range(0, n1).Select(i => (double)i).ToArray(), b.Conc1.Select(Label).ToArray());
        plt.Axes.SetLimits(-0.5, n2 - 0.5, -0.5, n1 - 0.5);
        plt.Grid.IsVisible = false;
        return plt;
    }

    /// <summary>Observed single-agent responses (every replicate) and the fitted curve, on a log dose axis (0 drawn a decade below the lowest dose).</summary>
    public static Plot SingleDrug(string drug, string unit, double[] conc, IReadOnlyList<double>[] responses, DrcCurve? curve)
    {
        var plt = PlotStyle.NewPlot($"{drug} alone", $"{drug} ({Unit(unit)}; log scale, 0 drawn a decade below)", "% inhibition");
        double lo = conc.Where(c => c > 0).DefaultIfEmpty(1).Min(), hi = conc.Max();
        double zeroAt = Math.Log10(lo) - 1;
        if (curve is not null)
        {
            int m = 160;
            var xs = Enumerable.Range(0, m).Select(k => Math.Log10(lo) - 0.5 + (Math.Log10(hi) + 0.3 - (Math.Log10(lo) - 0.5)) * k / (m - 1)).ToArray();
            var line = plt.Add.Scatter(xs, xs.Select(x => curve.Predict(Math.Pow(10, x))).ToArray());
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.Color = PlotStyle.Series(0);
            line.LegendText = $"{(curve.Kind == DrcCurveKind.LL4 ? "LL.4" : "L.4 on log dose")}: b {curve.B:G3}, c {curve.C:G3}, d {curve.D:G3}, e {curve.E:G3}";
        }
        var px = new List<double>();
        var py = new List<double>();
        for (int k = 0; k < conc.Length; k++)
            foreach (var y in responses[k]) { px.Add(conc[k] > 0 ? Math.Log10(conc[k]) : zeroAt); py.Add(y); }
        var pts = plt.Add.Scatter(px.ToArray(), py.ToArray());
        pts.LineWidth = 0;
        pts.MarkerSize = 7;
        pts.Color = PlotStyle.Series(1);
        pts.LegendText = "observed";
        PlotStyle.UseLog10Ticks(plt.Axes.Bottom);
        plt.ShowLegend(Alignment.UpperLeft);
        return plt;
    }

    private static string Unit(string u) => u.Length == 0 ? "concentration" : u;

    private static string Label(double v) => v.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>White at 0, red towards +1, blue towards −1.</summary>
    private static Color Diverging(double t)
    {
        t = Math.Clamp(t, -1, 1);
        var end = t >= 0 ? Color.FromHex("#B2182B") : Color.FromHex("#2166AC");
        double a = Math.Abs(t);
        byte Mix(byte e) => (byte)Math.Round(255 + (e - 255) * a);
        return new Color(Mix(end.R), Mix(end.G), Mix(end.B));
    }
}
