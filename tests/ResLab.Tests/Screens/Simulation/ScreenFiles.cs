using ResLab.Screens.Simulation;
using ResLab.Tests.Cli;

namespace ResLab.Tests.Screens.Simulation;

/// <summary>A small screen for the tests: its library file in a temporary directory and screen-file text that names it.</summary>
public static class ScreenFiles
{
    /// <summary>
    /// 36 genes × 3 sgRNAs + 12 non-targeting: KEAP1, CUL3, GCLM, ERCC4, XPA, ABCB1, eight CEGv2 core-essential genes and
    /// 22 neutral genes (named for what they are); efficiencies cycle through 0.6–0.95.
    /// </summary>
    public static string Library()
    {
        var dir = CliRunner.TempDir();
        var path = Path.Combine(dir, "library.tsv");
        string[] genes = ["KEAP1", "CUL3", "GCLM", "ERCC4", "XPA", "ABCB1", "RPL3", "RPS6", "POLR2A", "PSMA1", "SF3B1", "CDK1", "PCNA", "RPA1",
            .. Enumerable.Range(1, 22).Select(i => $"NEUTRAL{i:D2}")];
        using var w = new StreamWriter(path);
        w.Write("sgRNA\tgene\tefficiency\n");
        int k = 0;
        foreach (var g in genes)
            for (int s = 1; s <= 3; s++) w.Write($"{g}_{s}\t{g}\t{0.6 + 0.05 * (k++ % 8)}\n");
        for (int c = 1; c <= 12; c++) w.Write($"NT_{c:D2}\tNonTargeting\t0\n");
        return path;
    }

    private static readonly Lazy<string> LibraryPath = new(Library);

    public static string Minimal => $$"""
        name: test screen
        cell_line: CAL27
        library: {{LibraryPath.Value}}
        transduction:
          moi: 0.3
          coverage: 200
          puromycin: 3 days
          t0: 6 days
        culture:
          passage_every: 3 days
          bottleneck: 200
        selection:
          duration: 9 days
          replicates: 2
          reference: vehicle
          arms:
            - name: vehicle
            - name: cisplatin
              drug: { name: cisplatin, concentration: 2 uM }
        sequencing:
          reads_per_sgrna: 300
        """;

    /// <summary>Writes screen text to a file (so that messages name it) and reads it.</summary>
    public static string Write(string text)
    {
        var path = Path.Combine(CliRunner.TempDir(), "screen.yaml");
        File.WriteAllText(path, text);
        return path;
    }

    public static ScreenDesign Design(string text) => ScreenDesignReader.Load(Write(text));
}
