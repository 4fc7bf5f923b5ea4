using ResLab.Storage;

namespace ResLab.Analysis.DoseResponse;

/// <summary>
/// Turns a plate-reader matrix and a layout file into normalised dose–response curves. The layout is a tidy
/// table with one row per used well: <c>well</c> (A1…P24), <c>role</c> (blank, vehicle or treated), and for
/// treated wells <c>line</c>, <c>drug</c>, <c>dose</c> (optional <c>replicate</c>); vehicle wells may name a line.
/// Normalisation: (A − mean blank)/(mean vehicle − mean blank)·100, with the vehicle mean of the well's line when
/// that line has vehicle wells, else of the plate. Vehicle wells enter each curve of their line as dose 0.
/// </summary>
public static class PlateCurveReader
{
    public static CurveSet Read(string platePath, string layoutPath)
    {
        var plate = PlateMatrix.Read(platePath);
        var layout = TidyTable.Read(layoutPath);
        int wi = layout.Require("well");
        int ri = layout.Require("role");
        int li = layout.Detect(["line", "cell_line"]);
        int dgi = layout.Detect(["drug", "treatment", "compound"]);
        int di = layout.Detect(["dose", "concentration", "conc"]);
        var seen = new Dictionary<(int, int), int>();
        var blanks = new List<double>();
        var vehicles = new List<(string Line, double Value)>();
        var treated = new List<(string Line, string Drug, double Dose, double Value)>();
        for (int r = 0; r < layout.RowCount; r++)
        {
            var well = layout.Cell(r, wi);
            if (!PlateMatrix.TryParseWell(well, out int pr, out int pc))
                throw UserInputException.Invalid(layout.Where(r, wi), well, "a well name such as A1 or P24");
            if (pr >= plate.Rows || pc >= plate.Columns)
                throw new UserInputException($"well {well} is outside the {plate.Rows} × {plate.Columns} plate in {plate.Source}; the layout does not match the plate",
                    layout.Where(r, wi));
            if (seen.TryGetValue((pr, pc), out var prevLine))
                throw new UserInputException($"well {well} appears twice in the layout (lines {prevLine} and {layout.LineOf(r)}); expected each well once", layout.Where(r, wi));
            seen[(pr, pc)] = layout.LineOf(r);
            double value = plate[pr, pc];
            var role = layout.Cell(r, ri).Trim().ToLowerInvariant();
            string line = li >= 0 ? layout.Cell(r, li).Trim() : "";
            switch (role)
            {
                case "blank" or "background" or "medium":
                    blanks.Add(value);
                    break;
                case "vehicle" or "control" or "dmso" or "untreated":
                    vehicles.Add((line, value));
                    break;
                case "treated" or "sample" or "drug":
                    if (di < 0) throw new UserInputException("the layout has treated wells but no 'dose' column", new InputLocation(layout.Source, 1));
                    if (li < 0 || dgi < 0) throw new UserInputException("the layout has treated wells but no 'line' and 'drug' columns", new InputLocation(layout.Source, 1));
                    double dose = layout.Number(r, di, "a dose > 0 for a treated well");
                    if (!(dose > 0) || double.IsInfinity(dose)) throw UserInputException.Invalid(layout.Where(r, di), layout.Cell(r, di), "a dose > 0 for a treated well (use role 'vehicle' for untreated wells)");
                    treated.Add((line, layout.Cell(r, dgi).Trim(), dose, value));
                    break;
                case "empty" or "" or "unused":
                    break;
                default:
                    throw UserInputException.Invalid(layout.Where(r, ri), layout.Cell(r, ri), "a role: blank, vehicle, treated (or empty)");
            }
        }
        if (blanks.Count == 0) throw new UserInputException("the layout has no blank wells; expected some wells with role 'blank' for the background", new InputLocation(layout.Source));
        if (vehicles.Count == 0) throw new UserInputException("the layout has no vehicle wells; expected some wells with role 'vehicle' (untreated, 100 %)", new InputLocation(layout.Source));
        if (treated.Count == 0) throw new UserInputException("the layout has no treated wells", new InputLocation(layout.Source));
        double blank = blanks.Average();
        double plateVehicle = vehicles.Average(v => v.Value);
        var vehicleByLine = vehicles.Where(v => v.Line.Length > 0).GroupBy(v => v.Line).ToDictionary(g => g.Key, g => g.Average(v => v.Value));
        if (Math.Abs(plateVehicle - blank) <= 1e-12 * Math.Max(1, Math.Abs(plateVehicle)))
            throw new UserInputException($"the vehicle wells ({plateVehicle}) equal the blank wells ({blank}); cannot normalise", new InputLocation(platePath));
        double Normalise(string line, double a)
        {
            double veh = vehicleByLine.TryGetValue(line, out var v) ? v : plateVehicle;
            return (a - blank) / (veh - blank) * 100;
        }
        var curves = new List<CurveInput>();
        foreach (var g in treated.GroupBy(t => (t.Line, t.Drug)))
        {
            var x = new List<double>();
            var y = new List<double>();
            foreach (var v in vehicles.Where(v => v.Line == g.Key.Line || (v.Line.Length == 0 && !vehicleByLine.ContainsKey(g.Key.Line)))) { x.Add(0); y.Add(Normalise(g.Key.Line, v.Value)); }
            foreach (var t in g) { x.Add(t.Dose); y.Add(Normalise(t.Line, t.Value)); }
            curves.Add(new CurveInput([g.Key.Line, g.Key.Drug], new DoseResponseData(x, y), $"{platePath} with {layoutPath} (line '{g.Key.Line}', drug '{g.Key.Drug}')"));
        }
        var qc = new List<PlateQc> { PlateQc.From(Path.GetFileNameWithoutExtension(platePath), vehicles.Select(v => v.Value).ToArray(), blanks) };
        return new CurveSet(platePath, ["line", "drug"], curves, "dose", "percent_of_vehicle") { PlateQc = qc };
    }
}
