namespace ResLab.Storage;

/// <summary>Suggests the nearest known name for a misspelt one (column names, units, cell lines, keys).</summary>
public static class NameMatcher
{
    /// <summary>The candidate closest to <paramref name="name"/> (case-insensitive edit distance), or null if none is close.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        var lower = name.ToLowerInvariant();
        foreach (var c in candidates)
        {
            var d = Distance(lower, c.ToLowerInvariant());
            if (d < bestDistance) { bestDistance = d; best = c; }
        }
        // Close means: at most a third of the longer name differs (and at least one edit allowed).
        if (best is null) return null;
        int limit = Math.Max(1, Math.Max(name.Length, best.Length) / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>Optimal string alignment distance (Levenshtein with adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        for (int j = 1; j <= b.Length; j++)
        {
            int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
        }
        return d[a.Length, b.Length];
    }

    /// <summary>"did you mean 'x'?" or an empty string.</summary>
    public static string Hint(string name, IEnumerable<string> candidates)
    {
        var n = Nearest(name, candidates);
        return n is null ? "" : $" (did you mean '{n}'?)";
    }
}
