using System.Globalization;

namespace ResLab.Units;

/// <summary>A parsed value with a compound unit, converted to the model's canonical units (h, Gy, µM, cells, mL, mmHg).</summary>
public readonly record struct DimensionedValue(double Value, Dimension Dimension, string Text);

/// <summary>
/// Parses values with compound units, as the model's parameter files write them: "0.1 /h", "2 /day", "1.3e-2 /M/s",
/// "0.02 /uM/h", "0.5 mM/h", "0.22 /Gy", "0.027 /Gy^2", "40 h", "1e7 cells", "150 mmHg", "80 %", "0.3", "200 ug". Each unit
/// factor is a known unit with an optional exponent (^2 or ²); "/" divides, a space or "·" multiplies, "per" = "/".
/// </summary>
public static class UnitExpression
{
    private static readonly Dictionary<string, (Dimension D, double Factor)> Base = BuildBase();

    private static Dictionary<string, (Dimension, double)> BuildBase()
    {
        var d = new Dictionary<string, (Dimension, double)>(StringComparer.Ordinal);
        void Add(Dimension dim, double f, params string[] names) { foreach (var n in names) d[n] = (dim, f); }
        Add(Dimension.Duration, 1.0 / 3600, "s", "sec");
        Add(Dimension.Duration, 1.0 / 60, "min");
        Add(Dimension.Duration, 1, "h", "hr", "hour", "hours");
        Add(Dimension.Duration, 24, "d", "day", "days");
        Add(Dimension.Duration, 168, "w", "week", "weeks");
        Add(Dimension.Duration, Duration.HoursPerMonth, "month", "months");
        Add(Dimension.Dose1, 1, "Gy");
        Add(Dimension.Dose1, 0.01, "cGy");
        Add(Dimension.Conc, 1e6, "M");
        Add(Dimension.Conc, 1e3, "mM");
        Add(Dimension.Conc, 1, "uM", "µM", "μM");
        Add(Dimension.Conc, 1e-3, "nM");
        Add(Dimension.Conc, 1e-6, "pM");
        Add(Dimension.CellCount, 1, "cells", "cell");
        Add(Dimension.Vol, 1, "mL", "ml");
        Add(Dimension.Vol, 1e3, "L");
        Add(Dimension.Vol, 1e-3, "uL", "µL", "μL");
        Add(Dimension.Press, 1, "mmHg");
        Add(Dimension.Press, 7.50061683, "kPa");
        Add(Dimension.MassD, 1e6, "g");
        Add(Dimension.MassD, 1e3, "mg");
        Add(Dimension.MassD, 1, "ug", "µg", "μg");
        Add(Dimension.MassD, 1e-3, "ng");
        Add(Dimension.MassD, 1e-6, "pg");
        Add(Dimension.None, 0.01, "%");
        return d;
    }

    public static bool TryParse(string? text, out DimensionedValue result, out string error)
    {
        result = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) { error = "got an empty value; expected a number with a unit"; return false; }
        var s = text.Trim();
        int i = 0;
        while (i < s.Length && (char.IsDigit(s[i]) || s[i] is '.' or '+' or '-' || (s[i] is 'e' or 'E' && i > 0 && i + 1 < s.Length && (char.IsDigit(s[i + 1]) || s[i + 1] is '+' or '-'))))
            i++;
        if (i == 0 || !double.TryParse(s[..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            error = $"got '{text}'; expected a number, optionally followed by a unit (such as '0.1 /h' or '40 h')";
            return false;
        }
        var unit = s[i..].Trim();
        if (unit.Length == 0) { result = new DimensionedValue(value, Dimension.None, s); return true; }
        if (!TryParseUnit(unit, out var dim, out var factor, out var bad))
        {
            error = $"got '{text}': unknown unit '{bad}'{Storage.NameMatcher.Hint(bad, Base.Keys)}; units are built from h, min, s, day, week, month, Gy, M, mM, uM, nM, cells, mL, mmHg, kPa, ug, ng, pg, % with '/' and '^2'";
            return false;
        }
        result = new DimensionedValue(value * factor, dim, s);
        return true;
    }

    private static bool TryParseUnit(string unit, out Dimension dim, out double factor, out string bad)
    {
        dim = Dimension.None;
        factor = 1;
        bad = "";
        var u = unit.Replace(" per ", "/").Replace("per ", "/").Replace("·", " ").Replace("*", " ").Replace("²", "^2").Replace("³", "^3");
        // Tokens: each unit factor with the sign of its side of the first '/' … i.e. "/uM/h" = uM^-1 h^-1, "mM/h" = mM h^-1.
        var tokens = new List<(string Text, int Sign)>();
        int sign = 1;
        foreach (var part in u.Split('/'))
        {
            foreach (var t in part.Split(' ', StringSplitOptions.RemoveEmptyEntries)) tokens.Add((t, sign));
            sign = -1;
        }
        foreach (var (text, s) in tokens)
        {
            var t = text;
            int exp = 1;
            int caret = t.IndexOf('^');
            if (caret >= 0)
            {
                if (!int.TryParse(t[(caret + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exp)) { bad = text; return false; }
                t = t[..caret];
            }
            if (!Base.TryGetValue(t, out var b)) { bad = t; return false; }
            dim *= b.D.Pow(s * exp);
            factor *= Math.Pow(b.Factor, s * exp);
        }
        return true;
    }

    /// <summary>Parses and checks the dimension; throws a <see cref="UserInputException"/> naming the expectation.</summary>
    public static double Parse(string? text, Dimension expected, InputLocation? where = null)
    {
        if (!TryParse(text, out var v, out var error)) throw new UserInputException(error, where);
        if (v.Dimension != expected)
        {
            // A bare number for a dimensioned parameter is accepted in canonical units only where it is unambiguous: never.
            var got = v.Dimension == Dimension.None ? "a plain number" : $"a quantity in {v.Dimension.CanonicalUnit}";
            throw UserInputException.Invalid(where, text, expected.Describe(), $"'{text}' is {got}");
        }
        return v.Value;
    }
}
