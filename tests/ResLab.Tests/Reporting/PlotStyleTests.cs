using ResLab.Reporting;

namespace ResLab.Tests.Reporting;

public class PlotStyleTests
{
    /// <summary>A figure's SVG does not depend on what the process drew before it (Skia numbers clip paths process-wide).</summary>
    [Fact]
    public void Svg_is_the_same_whatever_was_drawn_before()
    {
        static ScottPlot.Plot Figure()
        {
            var plt = PlotStyle.NewPlot("Counts", "x", "y");
            plt.Add.ScatterLine(new double[] { 0, 1, 2 }, new double[] { 2, 1, 3 });
            return plt;
        }
        var first = PlotStyle.Svg(Figure());
        PlotStyle.WarmUp();
        PlotStyle.Svg(Figure());
        var later = PlotStyle.Svg(Figure());
        Assert.Equal(first, later);
        Assert.Contains("id=\"cl_0\"", first);
        Assert.Contains("url(#cl_0)", first);
    }

    [Fact]
    public void Clip_ids_are_numbered_in_order_of_appearance()
    {
        const string svg = "<clipPath id=\"cl_1f\"/><g clip-path=\"url(#cl_1f)\"/><clipPath id=\"cl_a\"/><g clip-path=\"url(#cl_a)\"/><text>cl_5</text>";
        Assert.Equal("<clipPath id=\"cl_0\"/><g clip-path=\"url(#cl_0)\"/><clipPath id=\"cl_1\"/><g clip-path=\"url(#cl_1)\"/><text>cl_5</text>",
            PlotStyle.RenumberClipIds(svg));
    }

    /// <summary>Screen jobs draw figures on several threads at once; each must have the bytes it has when drawn alone.</summary>
    [Fact]
    public void Figures_drawn_side_by_side_have_the_bytes_of_figures_drawn_alone()
    {
        static ScottPlot.Plot Figure(int k)
        {
            var xs = Enumerable.Range(0, 2000).Select(i => Math.Log10(i + 1)).ToArray();
            var ys = xs.Select(x => Math.Sin(x * (k + 1)) * 3).ToArray();
            return ScreenPlots.Rank($"Figure {k}", "score", ys, [(1, "GENE" + k), (2, "OTHER")], PlotStyle.Series(k));
        }
        PlotStyle.WarmUp();
        var alone = Enumerable.Range(0, 6).Select(k => (Png: PlotStyle.Png(Figure(k)), Svg: PlotStyle.Svg(Figure(k)))).ToArray();
        var together = new (byte[] Png, string Svg)[6];
        Parallel.For(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 6 }, k => together[k] = (PlotStyle.Png(Figure(k)), PlotStyle.Svg(Figure(k))));
        for (int k = 0; k < 6; k++)
        {
            Assert.Equal(alone[k].Png, together[k].Png);
            Assert.Equal(alone[k].Svg, together[k].Svg);
        }
    }
}
