using System.Globalization;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using ResLab.Simulation.Random;
using ResLab.Storage;

namespace ResLab.Assays;

/// <summary>
/// The MTT / CellTiter plate's noise model (every parameter an assumption of typical bench values, documented in
/// docs/assays.md). Seeded cells per well ~ N·LogNormal(CV <see cref="SeedingCv"/>) (pipetting), drawn from the
/// population without replacement (clones sampled); absorbance = blank + <see cref="AbsorbancePerCell"/>·Σ cells ×
/// metabolic activity × (1 − edge loss on the outer ring) × LogNormal(CV <see cref="WellCv"/>) + Normal(0, reader SD).
/// Blank wells read Normal(<see cref="BlankMean"/>, <see cref="BlankSd"/>). <see cref="None"/> switches all noise off.
/// </summary>
public sealed record MttNoise
{
    public double SeedingCv { get; init; } = 0.05;
    public double WellCv { get; init; } = 0.04;
    public double ReaderSd { get; init; } = 0.003;
    public double BlankMean { get; init; } = 0.08;
    public double BlankSd { get; init; } = 0.004;
    /// <summary>Signal lost by the outer ring of wells (evaporation; Lundholt et al. 2003, J Biomol Screen 8:566, report edge effects of this size).</summary>
    public double EdgeLoss { get; init; } = 0.08;
    /// <summary>OD per metabolically active cell (assumed: ~1.2 OD for a near-confluent well of 2.4·10⁴ cells).</summary>
    public double AbsorbancePerCell { get; init; } = 5e-5;
    public bool Sampling { get; init; } = true;

    public static MttNoise Default => new();
    public static MttNoise None => new() { SeedingCv = 0, WellCv = 0, ReaderSd = 0, BlankSd = 0, EdgeLoss = 0, Sampling = false };
}

/// <summary>What an MTT assay is asked to do.</summary>
public sealed record MttOptions
{
    public string Drug { get; init; } = "cisplatin";
    /// <summary>The concentration series (µM), at most 10 (columns 2–11); default half-log 0.01–300 µM.</summary>
    public IReadOnlyList<double> Concentrations { get; init; } = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100, 300];
    public long CellsPerWell { get; init; } = 3000;
    public double AttachHours { get; init; } = 24;
    public IReadOnlyList<double> ExposureHours { get; init; } = [72];
    /// <summary>Cells at 100 % confluence in one well of a 96-well plate (as <see cref="Flask.Well96"/>).</summary>
    public double WellCapacity { get; init; } = Flask.Well96.Capacity;
    public MttNoise Noise { get; init; } = MttNoise.Default;
    public ulong Seed { get; init; } = 1;
    /// <summary>Relative MTT reduction per cell state (cycling, quiescent, persister, doomed); assumed.</summary>
    public IReadOnlyList<double> MetabolicActivity { get; init; } = [1.0, 0.5, 0.5, 0.7];
}

/// <summary>One written plate: the matrix, its layout, the exposure time and the samples on it.</summary>
public sealed record MttPlate(string PlatePath, string LayoutPath, double ExposureHours, IReadOnlyList<string> Samples);

/// <summary>
/// Virtual MTT / CellTiter viability assay. Per plate two samples (rows A–D and E–H): three rows of triplicate
/// treated wells over the concentration series in columns 2–11 and one row of vehicle wells; columns 1 and 12 hold
/// blank (medium-only) wells. Cells attach for 24 h, then are exposed for each exposure time (one plate each).
/// Writes the plate matrix and the layout exactly as <c>reslab dose-response PLATE --layout LAYOUT</c> reads them,
/// plus <c>cell_counts.csv</c> (the same wells counted, in the GRmetrics table format of <c>reslab gr</c>).
/// </summary>
public static class MttAssay
{
    public static IReadOnlyList<MttPlate> Run(IReadOnlyList<AssaySample> samples, MttOptions o, string directory, Catalogue? catalogue = null)
    {
        if (samples.Count == 0) throw new ArgumentException("no samples", nameof(samples));
        if (o.Concentrations.Count is 0 or > 10) throw new UserInputException($"an MTT plate takes 1 to 10 concentrations; got {o.Concentrations.Count}", new InputLocation(Field: "concentrations"));
        if (o.Concentrations.Any(c => !(c > 0) || !double.IsFinite(c))) throw new UserInputException("every concentration must be a finite number > 0", new InputLocation(Field: "concentrations"));
        catalogue ??= Catalogue.Default;
        catalogue.Drug(o.Drug, new InputLocation(Field: "drug"));
        Directory.CreateDirectory(directory);
        var plates = new List<MttPlate>();
        var counts = new List<string[]>();
        var models = new Dictionary<string, WellModel>();
        int plateNo = 0;
        for (int first = 0; first < samples.Count; first += 2)
        {
            var onPlate = samples.Skip(first).Take(2).ToList();
            foreach (var hours in o.ExposureHours)
            {
                plateNo++;
                var values = new double[8, 12];
                var layout = new List<string[]>();
                var rng = new RandomStream(o.Seed, (ulong)plateNo, StreamPurpose.Assay, 1, 0);
                for (int half = 0; half < 2; half++)
                {
                    var sample = half < onPlate.Count ? onPlate[half] : null;
                    for (int row = half * 4; row < half * 4 + 4; row++)
                    {
                        bool vehicle = row % 4 == 3;
                        for (int col = 0; col < 12; col++)
                        {
                            string well = $"{(char)('A' + row)}{col + 1}";
                            bool edge = row is 0 or 7 || col is 0 or 11;
                            if (col is 0 or 11) { values[row, col] = Blank(o.Noise, ref rng); layout.Add([well, "blank", "", "", ""]); continue; }
                            int ci = col - 1;
                            if (sample is null || (!vehicle && ci >= o.Concentrations.Count) || (vehicle && ci >= Math.Max(3, o.Concentrations.Count)))
                            {
                                values[row, col] = Blank(o.Noise, ref rng); layout.Add([well, "empty", "", "", ""]); continue;
                            }
                            var model = models.TryGetValue(sample.Name, out var m) ? m : models[sample.Name] = new WellModel(sample.Population.Line, catalogue);
                            double dose = vehicle ? 0 : o.Concentrations[ci];
                            var drugs = new List<AssayDrug>(sample.With);
                            if (dose > 0) drugs.Add(new AssayDrug(o.Drug, dose));
                            long seeded = SeededCells(o, ref rng);
                            var cells = Seeding.Well(sample.Population, seeded, !o.Noise.Sampling, o.Seed, (ulong)(plateNo * 1000 + row * 12 + col));
                            var outcome = model.Run(cells, o.WellCapacity, drugs, o.AttachHours, hours);
                            double signal = 0;
                            for (int s = 0; s < 4; s++) signal += outcome.State((CellState)s) * o.MetabolicActivity[s];
                            values[row, col] = Read(o.Noise, signal, edge, ref rng);
                            string label = sample.DrugLabel(o.Drug);
                            layout.Add(vehicle ? [well, "vehicle", sample.Name, "", ""] : [well, "treated", sample.Name, label, Num(dose)]);
                            counts.Add([sample.Name, label, Num(hours), vehicle ? "0" : (row % 4 + 1).ToString(CultureInfo.InvariantCulture), Num(dose),
                                Num(outcome.Total - outcome.State(CellState.Doomed)), Num(outcome.CellsAtTreatment)]);
                        }
                    }
                }
                string stem = Path.Combine(directory, $"plate{plateNo}_{Num(hours)}h");
                WritePlate(stem + ".csv", values, $"Plate {plateNo} absorbance 570 nm (ResLab virtual MTT, {Num(hours)} h {o.Drug}, seed {o.Seed})");
                using (var w = new DelimitedWriter(stem + "_layout.csv", ["well", "role", "line", "drug", "dose"], quote: false))
                    foreach (var l in layout) w.Row(l);
                plates.Add(new MttPlate(stem + ".csv", stem + "_layout.csv", hours, onPlate.Select(s => s.Name).ToList()));
            }
        }
        WriteCounts(Path.Combine(directory, "cell_counts.csv"), counts);
        return plates;
    }

    private static long SeededCells(MttOptions o, ref RandomStream rng) =>
        o.Noise.SeedingCv > 0 ? Math.Max(1, (long)Math.Round(o.CellsPerWell * LogNormal(o.Noise.SeedingCv, ref rng))) : o.CellsPerWell;

    private static double Blank(MttNoise n, ref RandomStream rng) => n.BlankMean + n.BlankSd * rng.NextNormal();

    private static double Read(MttNoise n, double signal, bool edge, ref RandomStream rng)
    {
        double a = n.AbsorbancePerCell * signal * (edge ? 1 - n.EdgeLoss : 1);
        if (n.WellCv > 0) a *= LogNormal(n.WellCv, ref rng);
        return n.BlankMean + a + n.ReaderSd * rng.NextNormal();
    }

    /// <summary>A log-normal factor of mean 1 and coefficient of variation cv.</summary>
    internal static double LogNormal(double cv, ref RandomStream rng)
    {
        double s2 = Math.Log(1 + cv * cv);
        return Math.Exp(Math.Sqrt(s2) * rng.NextNormal() - s2 / 2);
    }

    private static void WritePlate(string path, double[,] v, string title)
    {
        var sb = new System.Text.StringBuilder();
        sb.Append(title).Append('\n');
        sb.Append(',').Append(string.Join(",", Enumerable.Range(1, 12))).Append('\n');
        for (int r = 0; r < 8; r++)
        {
            sb.Append((char)('A' + r));
            for (int c = 0; c < 12; c++) sb.Append(',').Append(v[r, c].ToString("F4", CultureInfo.InvariantCulture));
            sb.Append('\n');
        }
        AtomicFile.WriteText(path, sb.ToString());
    }

    /// <summary>The counted wells as GRmetrics' table: treated wells with their plate's mean vehicle count and the count at treatment.</summary>
    private static void WriteCounts(string path, List<string[]> rows)
    {
        using var w = new DelimitedWriter(path, ["cell_line", "treatment", "time", "replicate", "concentration", "cell_count", "cell_count__ctrl", "cell_count__time0"], quote: false);
        foreach (var g in rows.GroupBy(r => (r[0], r[1], r[2])))
        {
            var veh = g.Where(r => r[3] == "0").ToList();
            if (veh.Count == 0) continue;
            double ctrl = veh.Average(r => double.Parse(r[5], CultureInfo.InvariantCulture));
            double t0 = g.Average(r => double.Parse(r[6], CultureInfo.InvariantCulture));
            foreach (var r in g.Where(r => r[3] != "0"))
                w.Row([r[0], r[1], r[2], r[3], r[4], r[5], Num(ctrl), Num(t0)]);
        }
    }

    internal static string Num(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
