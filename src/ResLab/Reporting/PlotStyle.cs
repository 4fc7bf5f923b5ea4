using ScottPlot;

namespace ResLab.Reporting;

/// <summary>House style for every plot, and the log10 axis that ScottPlot lacks.</summary>
public static partial class PlotStyle
{
    private static readonly object Gate = new();
    private static bool _initialised;

    /// <summary>A new plot in the house style. ScottPlot's default font resolves to a serif here; use DejaVu Sans.</summary>
    public static Plot NewPlot(string? title = null, string? xLabel = null, string? yLabel = null)
    {
        lock (Gate)
        {
            if (!_initialised)
            {
                Fonts.Default = "DejaVu Sans";
                _initialised = true;
            }
        }
        var plt = new Plot();
        if (title is not null) plt.Title(title, size: 14);
        if (xLabel is not null) plt.XLabel(xLabel, size: 12);
        if (yLabel is not null) plt.YLabel(yLabel, size: 12);
        return plt;
    }

    /// <summary>
    /// Makes an axis read as log10: the plotted coordinates must already be log10(x). Major ticks at powers of
    /// ten labelled as the values themselves, minor ticks at 2..9 × 10^k.
    /// </summary>
    public static void UseLog10Ticks(IAxis axis)
    {
        var gen = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => FormatPowerOfTen(y),
        };
        axis.TickGenerator = gen;
    }

    public static string FormatPowerOfTen(double log10)
    {
        var v = Math.Pow(10, log10);
        return v >= 1e-3 && v < 1e5 ? v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : $"1e{log10:0}";
    }

    /// <summary>A categorical palette (colour-blind friendly, Okabe–Ito).</summary>
    public static Color Series(int i) => Palette[i % Palette.Length];

    private static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#F0E442"),
    ];

    /// <summary>
    /// Draws a small throw-away figure (PNG and SVG) so that the plotting library, Skia and the fonts are loaded:
    /// a job calls it on another core while it reads its input, and its first real figure then starts at once.
    /// </summary>
    public static void WarmUp()
    {
        var plt = NewPlot("warm-up", "x", "y");
        var line = plt.Add.ScatterLine(new double[] { 0, 1, 2 }, new double[] { 1, 0, 2 });
        line.LineWidth = 2;
        plt.Add.Markers(new double[] { 1 }, new double[] { 1 });
        plt.Add.Annotation("1. warm-up", Alignment.UpperRight);
        plt.Add.HorizontalLine(0.5);
        UseLog10Ticks(plt.Axes.Bottom);
        plt.ShowLegend(Alignment.UpperRight);
        Png(plt, 120, 90);
        Svg(plt, 120, 90);
    }

    public static byte[] Png(Plot plot, int width = 640, int height = 440) => plot.GetImageBytes(width, height, ImageFormat.Png);

    /// <summary>
    /// The figure as SVG. Skia names clip paths from a process-wide counter (<c>cl_f</c>, <c>cl_10</c>, …), so the same
    /// figure would be spelled differently depending on what the process drew before it (or on another thread); the
    /// ids are renumbered from 0 in order of appearance, which makes each file depend on its figure alone.
    /// </summary>
    public static string Svg(Plot plot, int width = 640, int height = 440) => RenumberClipIds(plot.GetSvgXml(width, height));

    internal static string RenumberClipIds(string svg)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        return ClipId.Replace(svg, m =>
        {
            if (!ids.TryGetValue(m.Value, out var id)) ids[m.Value] = id = "cl_" + ids.Count.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
            return id;
        });
    }

    private static System.Text.RegularExpressions.Regex ClipId => ClipIdRegex();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=id=""|url\(#)cl_[0-9a-f]+\b", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ClipIdRegex();

    /// <summary>Saves PNG and SVG side by side (path without extension) and returns the SVG text for reports.</summary>
    public static string SaveBoth(Plot plot, string pathWithoutExtension, int width = 640, int height = 440)
    {
        var png = Png(plot, width, height);
        Storage.AtomicFile.Write(pathWithoutExtension + ".png", s => s.Write(png));
        var svg = Svg(plot, width, height);
        Storage.AtomicFile.WriteText(pathWithoutExtension + ".svg", svg);
        return svg;
    }
}
