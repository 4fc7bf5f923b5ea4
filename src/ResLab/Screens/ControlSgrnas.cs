namespace ResLab.Screens;

/// <summary>
/// A list of negative-control sgRNA ids (one per line, as MAGeCK's <c>--control-sgrna</c>): blank lines are ignored and
/// lines are trimmed, as MAGeCK strips them.
/// </summary>
public sealed class ControlSgrnas
{
    public IReadOnlyList<string> Ids { get; }
    public string? Source { get; }
    private readonly HashSet<string> _set;

    public ControlSgrnas(IEnumerable<string> ids, string? source = null)
    {
        Ids = ids.Select(x => x.Trim()).Where(x => x.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        _set = new HashSet<string>(Ids, StringComparer.Ordinal);
        Source = source;
    }

    public bool Contains(string id) => _set.Contains(id);

    public static ControlSgrnas Read(string path)
    {
        if (Directory.Exists(path)) throw new UserInputException("is a directory; expected a text file with one control sgRNA id per line", new InputLocation(path));
        if (!File.Exists(path)) throw new UserInputException("file not found; expected a text file with one control sgRNA id per line", new InputLocation(path));
        var list = new ControlSgrnas(File.ReadLines(path), path);
        if (list.Ids.Count == 0) throw new UserInputException("the control sgRNA list is empty; expected one sgRNA id per line", new InputLocation(path));
        return list;
    }

    /// <summary>Which sgRNAs of <paramref name="table"/> are controls; an error when none of the listed ids is in the table.</summary>
    public bool[] Mask(CountTable table, string option)
    {
        var mask = new bool[table.SgrnaCount];
        int n = 0;
        for (int i = 0; i < mask.Length; i++)
            if (_set.Contains(table.Sgrnas[i])) { mask[i] = true; n++; }
        if (n == 0)
            throw new UserInputException(
                $"none of the {Ids.Count} control sgRNA ids (e.g. '{Ids[0]}') is in the count table {table.Source}; expected ids from its first column (e.g. '{table.Sgrnas[0]}')",
                new InputLocation(Source, Field: option));
        return mask;
    }
}
