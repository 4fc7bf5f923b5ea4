using System.Globalization;
using ResLab.Biology;
using ResLab.Model;
using ResLab.Simulation;
using ResLab.Simulation.Random;
using ResLab.Storage;

namespace ResLab.Assays;

/// <summary>The cell-state assays read by flow cytometry, a plate luminometer or a microscope: one tidy row per sample, condition and replicate.</summary>
public enum CellStateKind { Edu, Gsh, Ros, Apoptosis, Transwell }

/// <summary>
/// What a cell-state assay is asked to do: cells seeded in a 6-well dish (capacity 1.2·10⁶, assumed), attached 24 h,
/// treated (or not) for the exposure time, then read. Noise (all assumed typical bench values, docs/assays.md):
/// EdU and Annexin V are counted over <see cref="Events"/> flow events (binomial) plus gating noise (SD
/// <see cref="GatingSd"/> on the fraction); GSH-Glo and DCFDA read a mean per cell × LogNormal(CV
/// <see cref="LuminescenceCv"/> / <see cref="FluorescenceCv"/>); transwell counts are Poisson with a Gamma
/// (CV <see cref="FieldCv"/>) field-to-field factor.
/// </summary>
public sealed record CellStateOptions
{
    public IReadOnlyList<AssayDrug> Treatment { get; init; } = [];
    public double ExposureHours { get; init; } = 24;
    public long CellsSeeded { get; init; } = 200_000;
    public double DishCapacity { get; init; } = 1.2e6;
    public int Replicates { get; init; } = 3;
    public long Events { get; init; } = 10_000;
    public double GatingSd { get; init; } = 0.01;
    public double LuminescenceCv { get; init; } = 0.08;
    public double FluorescenceCv { get; init; } = 0.10;
    public double FieldCv { get; init; } = 0.15;
    /// <summary>S-phase duration (h, assumed ~8 h for HNSCC lines): the EdU-labelled share of a cycling cell is min(1, b·T_S/ln 2 … ) — see <see cref="CellStateAssays"/>.</summary>
    public double SPhaseHours { get; init; } = 8;
    /// <summary>How long an apoptotic cell stays Annexin V-positive before it is lost (h, assumed).</summary>
    public double AnnexinWindowHours { get; init; } = 6;
    /// <summary>Transwell: cells seeded in the insert, migration time, basal chance to cross (assumed), fields counted.</summary>
    public long TranswellCells { get; init; } = 50_000;
    public double MigrationChance { get; init; } = 0.02;
    public double InvasionChance { get; init; } = 0.006;
    public int Fields { get; init; } = 5;
    public double FieldShare { get; init; } = 0.04;
    public bool Noise { get; init; } = true;
    public ulong Seed { get; init; } = 1;
}

/// <summary>
/// EdU/BrdU (fraction in S phase), GSH, ROS, apoptosis (Annexin V) and transwell migration/invasion from the
/// engine's state of each clone after the treatment (WellModel). Truths per assay: EdU fraction = Σ cycling cells ×
/// min(1, b·T_S) / all cells, with b the clone's current division rate (arrested and quiescent cells do not
/// synthesise DNA); GSH = the count-weighted mean intracellular GSH (mM); ROS = mean ROS relative to the line's
/// drug-free reference × 1000 a.u.; apoptosis = Σ n·(1 − e^(−apoptosis hazard·window)) / all cells; transwell:
/// migrated cells = seeded × chance × 2^(EMT log2 trait) (invasion: 2^(1.5·EMT), Matrigel favouring mesenchymal cells).
/// </summary>
public static class CellStateAssays
{
    public static readonly IReadOnlyDictionary<CellStateKind, string[]> Columns = new Dictionary<CellStateKind, string[]>
    {
        [CellStateKind.Edu] = ["line", "treatment", "replicate", "events", "edu_positive", "fraction_s_phase"],
        [CellStateKind.Gsh] = ["line", "treatment", "replicate", "gsh_mM"],
        [CellStateKind.Ros] = ["line", "treatment", "replicate", "dcf_fluorescence_au"],
        [CellStateKind.Apoptosis] = ["line", "treatment", "replicate", "events", "annexin_positive", "fraction_apoptotic"],
        [CellStateKind.Transwell] = ["line", "treatment", "replicate", "assay", "field", "cells_per_field"],
    };

    public static string Run(CellStateKind kind, IReadOnlyList<AssaySample> samples, CellStateOptions o, string path, Catalogue? catalogue = null)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        using var w = new DelimitedWriter(path, Columns[kind], quote: false);
        string treatment = o.Treatment.Count == 0 ? "vehicle" : string.Join("+", o.Treatment.Select(d => $"{d.Drug} {d.Micromolar:G4} uM"));
        int si = 0;
        foreach (var sample in samples)
        {
            si++;
            var model = new WellModel(sample.Population.Line, catalogue);
            var drugs = new List<AssayDrug>(sample.With);
            drugs.AddRange(o.Treatment);
            string label = sample.With.Count == 0 ? treatment : treatment + "+" + string.Join("+", sample.With.Select(d => $"{d.Drug} {d.Micromolar:G4} uM"));
            for (int rep = 1; rep <= o.Replicates; rep++)
            {
                ulong stream = (ulong)(si * 1000 + rep);
                var rng = new RandomStream(o.Seed, stream, StreamPurpose.Assay, 3 + (ulong)kind, 0);
                var cells = Seeding.Well(sample.Population, o.CellsSeeded, !o.Noise, o.Seed, stream);
                var outcome = model.Run(cells, o.DishCapacity, drugs, 24, o.ExposureHours);
                var truth = Truth(kind, model.Line, cells, outcome, o);
                switch (kind)
                {
                    case CellStateKind.Edu or CellStateKind.Apoptosis:
                        {
                            double p = Math.Clamp(truth + (o.Noise ? o.GatingSd * rng.NextNormal() : 0), 0, 1);
                            long pos = o.Noise ? Samplers.Binomial(ref rng, o.Events, p) : (long)Math.Round(p * o.Events);
                            w.Row([sample.Name, label, I(rep), I(o.Events), I(pos), F((double)pos / o.Events)]);
                            break;
                        }
                    case CellStateKind.Gsh:
                        w.Row([sample.Name, label, I(rep), F(truth * (o.Noise ? MttAssay.LogNormal(o.LuminescenceCv, ref rng) : 1))]);
                        break;
                    case CellStateKind.Ros:
                        w.Row([sample.Name, label, I(rep), F(truth * (o.Noise ? MttAssay.LogNormal(o.FluorescenceCv, ref rng) : 1))]);
                        break;
                    case CellStateKind.Transwell:
                        foreach (var (assay, chance, power) in new[] { ("migration", o.MigrationChance, 1.0), ("invasion", o.InvasionChance, 1.5) })
                        {
                            double emt = MeanEmt(model.Line, cells);
                            double mean = o.TranswellCells * chance * Math.Pow(2, power * emt) * o.FieldShare;
                            for (int f = 1; f <= o.Fields; f++)
                            {
                                double mu = o.Noise ? mean * Samplers.Gamma(ref rng, 1 / (o.FieldCv * o.FieldCv)) * o.FieldCv * o.FieldCv : mean;
                                long n = o.Noise ? Samplers.Poisson(ref rng, mu) : (long)Math.Round(mu);
                                w.Row([sample.Name, label, I(rep), assay, I(f), I(n)]);
                            }
                        }
                        break;
                }
            }
        }
        return path;
    }

    /// <summary>The noise-free value of an assay for a well's outcome (see the class summary).</summary>
    public static double Truth(CellStateKind kind, LineModel line, IReadOnlyList<(Phenotype Phenotype, double[] Counts)> cells, WellOutcome w, CellStateOptions o)
    {
        double total = w.Total;
        if (total <= 0) return 0;
        double s = 0;
        for (int c = 0; c < w.Counts.Length; c++)
        {
            var n = w.Counts[c];
            var r = w.Rates[c];
            double all = n.Sum();
            s += kind switch
            {
                CellStateKind.Edu => n[0] * Math.Min(1, r.DivideCycling * Math.Max(0, 1 - total / o.DishCapacity) * o.SPhaseHours),
                CellStateKind.Gsh => all * w.States[c].Gsh / 1000,
                CellStateKind.Ros => all * w.States[c].Ros / line.RosReference * 1000,
                CellStateKind.Apoptosis => n[0] * (1 - Math.Exp(-r.Apoptosis * o.AnnexinWindowHours))
                                         + n[1] * (1 - Math.Exp(-line.QuiescentSensitivity * r.Apoptosis * o.AnnexinWindowHours))
                                         + n[2] * (1 - Math.Exp(-line.PersisterSensitivity * r.Apoptosis * o.AnnexinWindowHours)) + n[3] * (1 - Math.Exp(-r.DeathDoomed * o.AnnexinWindowHours)),
                _ => 0,
            };
        }
        return s / total;
    }

    private static double MeanEmt(LineModel line, IReadOnlyList<(Phenotype Phenotype, double[] Counts)> cells)
    {
        double s = 0, n = 0;
        foreach (var (p, c) in cells) { double m = c.Sum(); s += m * CloneKinetics.For(line, p).Log2[(int)Trait.Emt]; n += m; }
        return n > 0 ? s / n : 0;
    }

    private static string I(long x) => x.ToString(CultureInfo.InvariantCulture);
    private static string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
