using ResLab.Screens.Simulation;

namespace ResLab.Tests.Screens.Simulation;

/// <summary>Screen files: what is read, and every mistake reported with its file, line and field.</summary>
public class ScreenDesignReaderTests
{
    private static UserInputException Bad(string text) => Assert.Throws<UserInputException>(() => ScreenFiles.Design(text));

    [Fact]
    public void Reads_a_screen()
    {
        var d = ScreenFiles.Design(ScreenFiles.Minimal);
        Assert.Equal("CAL27", d.Line.Name);
        Assert.Equal(120, d.Library.Count);
        Assert.Equal(12, d.Library.Controls);
        Assert.Equal(0.3, d.Transduction.Moi);
        Assert.Equal(200, d.Transduction.Coverage);
        Assert.Equal(144, d.Transduction.T0Hours);
        Assert.Equal(72, d.Transduction.PhenotypeDelayHours);
        Assert.Equal(9 * 24, d.Selection.DurationHours);
        Assert.Equal(["vehicle", "cisplatin"], d.Selection.Arms.Select(a => a.Name));
        Assert.True(d.Selection.Arms[0].IsVehicle);
        Assert.Equal(2.0, ((ResLab.Protocols.SetDrugAction)d.Selection.Arms[1].Rules[0].Actions[0]).Micromolar);
        // the shipped effect table: KEAP1 loss, GCLM down, core essentials lethal, the rest neutral
        Assert.Equal("nrf2_high", d.Effects.Find("KEAP1")!.Class);
        Assert.Equal(GeneEffects.EssentialClass, d.Effects.Find("RPL3")!.Class);
        Assert.Null(d.Effects.Find("NEUTRAL01"));
        Assert.Equal(64, d.InputHash.Length);
        // the bottleneck and T0 sample default to the transduction coverage
        Assert.Equal(200, d.Culture.Bottleneck);
        Assert.Equal(200, d.Sampling.T0Cells);
    }

    [Fact]
    public void Unknown_keys_get_the_nearest_name_with_line_and_field()
    {
        var e = Bad(ScreenFiles.Minimal.Replace("  coverage: 200", "  coverge: 200"));
        Assert.Contains("screen.yaml:6:", e.Message);
        Assert.Contains("unknown key 'coverge' (did you mean 'coverage'?)", e.Message);
        Assert.Contains("transduction.coverge", e.Message);
        Assert.Contains("did you mean 'selection'?", Bad(ScreenFiles.Minimal.Replace("selection:", "selecton:")).Message);
    }

    [Theory]
    [InlineData("moi: 0.3", "moi: 0", "multiplicity of infection above 0")]
    [InlineData("moi: 0.3", "moi: -1", "multiplicity of infection above 0")]
    [InlineData("moi: 0.3", "moi: 0.3 uM", "no unit here")]
    [InlineData("coverage: 200", "coverage: 0.5", "at least 1 cell per sgRNA")]
    [InlineData("bottleneck: 200", "bottleneck: 0", "at least 1 cell per sgRNA")]
    [InlineData("coverage: 200", "coverage: 200 uM", "cells per sgRNA")]
    [InlineData("t0: 6 days", "t0: 6 uM", "a duration")]
    [InlineData("t0: 6 days", "t0: 2 days", "a T0 after the puromycin selection")]
    [InlineData("t0: 6 days", "t0: 6 days\n  phenotype_delay: 8 days", "a delay of at most the time to T0")]
    [InlineData("duration: 9 days", "duration: 9 Gy", "'9 Gy' is a radiation dose")]
    [InlineData("concentration: 2 uM", "concentration: 2 Gy", "a concentration")]
    [InlineData("name: cisplatin, concentration", "name: cisplatn, concentration", "did you mean 'cisplatin'?")]
    [InlineData("reference: vehicle", "reference: vehicel", "did you mean 'vehicle'?")]
    [InlineData("cell_line: CAL27", "cell_line: CAL72", "expected a cell line of the catalogue")]
    [InlineData("reads_per_sgrna: 300", "reads_per_sgrna: 0.5", "at least 1")]
    [InlineData("replicates: 2", "replicates: 0", "replicate flasks per arm (1 to 20)")]
    [InlineData("  - name: cisplatin", "  - name: vehicle", "a name used once")]
    [InlineData("  - name: cisplatin", "  - name: cis platin", "arm name of letters")]
    public void Bad_values_are_reported_with_what_was_expected(string from, string to, string expected)
    {
        var text = ScreenFiles.Minimal.Replace(from, to);
        Assert.NotEqual(ScreenFiles.Minimal, text); // the mistake is in the file
        var e = Bad(text);
        Assert.Contains(expected, e.Message);
        Assert.Contains("screen.yaml:", e.Message);
    }

    [Fact]
    public void Effects_must_name_genes_of_the_library()
    {
        var text = ScreenFiles.Minimal + "\neffects:\n  KEAP2: { class: nrf2_high, genotype: [KEAP1] }\n";
        var e = Bad(text);
        Assert.Contains("gene 'KEAP2' has an effect but is not in the library (did you mean 'KEAP1'?)", e.Message);
        Assert.Contains("screen.yaml:", e.Message);
        // and with a gene-effect file
        var dir = Path.GetDirectoryName(ScreenFiles.Write("x"))!;
        File.WriteAllText(Path.Combine(dir, "effects.yaml"), "effects:\n  ERCC5: { class: ner_down, traits: { ner: -2 } }\n");
        var path = Path.Combine(dir, "screen.yaml");
        File.WriteAllText(path, ScreenFiles.Minimal + "\ngene_effects: effects.yaml\n");
        var e2 = Assert.Throws<UserInputException>(() => ScreenDesignReader.Load(path));
        Assert.Contains("effects.yaml:2:", e2.Message);
        Assert.Contains("did you mean 'ERCC4'?", e2.Message);
    }

    [Fact]
    public void Effects_are_validated_and_override_the_shipped_table()
    {
        Assert.Contains("unknown trait 'nerr' (did you mean 'ner'?)", Bad(ScreenFiles.Minimal + "\neffects:\n  XPA: { traits: { nerr: -2 } }\n").Message);
        Assert.Contains("trait shifts have no units", Bad(ScreenFiles.Minimal + "\neffects:\n  XPA: { traits: { ner: -2 uM } }\n").Message);
        Assert.Contains("did you mean 'KEAP1'?", Bad(ScreenFiles.Minimal + "\neffects:\n  XPA: { genotype: [KEAP] }\n").Message);
        var d = ScreenFiles.Design(ScreenFiles.Minimal + "\neffects:\n  NEUTRAL01: { class: ner_down, traits: { ner: -2 }, source: \"assumed: test\" }\n  XPA: { class: neutral }\n");
        Assert.Equal(-2, d.Effects.Find("NEUTRAL01")!.Traits[ResLab.Biology.Trait.Ner]);
        Assert.True(d.Effects.Find("XPA")!.IsNeutral);
    }

    [Fact]
    public void Library_mistakes_name_the_library_file_and_line()
    {
        var dir = Path.GetDirectoryName(ScreenFiles.Write("x"))!;
        void Lib(string body) => File.WriteAllText(Path.Combine(dir, "lib.tsv"), "sgRNA\tgene\tefficiency\n" + body);
        string Screen() => ScreenFiles.Minimal.Replace(ScreenFiles.Minimal.Split('\n').First(l => l.StartsWith("library:")), "library: lib.tsv");
        UserInputException Fail(string body)
        {
            Lib(body);
            var path = Path.Combine(dir, "screen.yaml");
            File.WriteAllText(path, Screen());
            return Assert.Throws<UserInputException>(() => ScreenDesignReader.Load(path));
        }
        var dup = Fail("A_1\tA\t0.8\nA_1\tA\t0.8\n");
        Assert.Contains("lib.tsv:3", dup.Message);
        Assert.Contains("duplicate sgRNA id 'A_1' (first at line 2)", dup.Message);
        var pct = Fail("A_1\tA\t80\n");
        Assert.Contains("give a fraction, not a percentage", pct.Message);
        Assert.Contains("field 'efficiency'", pct.Message);
        Assert.Contains("every sgRNA is a control", Fail("N_1\tNonTargeting\t0\n").Message);
        File.Delete(Path.Combine(dir, "lib.tsv"));
        var path = Path.Combine(dir, "screen.yaml");
        File.WriteAllText(path, Screen());
        Assert.Contains("library file not found", Assert.Throws<UserInputException>(() => ScreenDesignReader.Load(path)).Message);
    }

    [Fact]
    public void A_synthetic_library_holds_the_effect_tables_genes_and_neutral_fill()
    {
        var d = ScreenFiles.Design(ScreenFiles.Minimal.Replace(ScreenFiles.Minimal.Split('\n').First(l => l.StartsWith("library:")),
            "library: { genes: 1000, sgrnas_per_gene: 4, controls: 50, efficiency: { mean: 0.8, sd: 0.1 } }"));
        Assert.Equal(4050, d.Library.Count);
        Assert.Contains("KEAP1", d.Library.GeneNames);
        Assert.Contains("RPL3", d.Library.GeneNames);
        Assert.Contains("GENE00001", d.Library.GeneNames);
        var eff = d.Library.Efficiency.Where((_, i) => !d.Library.IsControl[i]).ToArray();
        Assert.InRange(eff.Average(), 0.79, 0.81);
        Assert.InRange(Math.Sqrt(eff.Sum(x => (x - eff.Average()) * (x - eff.Average())) / eff.Length), 0.09, 0.11);
    }

    [Fact]
    public void A_protocol_file_gives_an_arm_its_schedule_without_its_passages()
    {
        var protocol = Path.Combine(ResLab.Tests.Cli.CliRunner.RepoRoot, "examples", "protocols", "cisplatin-constant-daily-2uM.yaml");
        var d = ScreenFiles.Design(ScreenFiles.Minimal.Replace("drug: { name: cisplatin, concentration: 2 uM }", $"protocol: {protocol}"));
        var arm = d.Selection.Arms[1];
        Assert.Contains(arm.Rules, r => r.Actions.Any(a => a is ResLab.Protocols.SetDrugAction));
        Assert.DoesNotContain(arm.Rules, r => r.Actions.Any(a => a is ResLab.Protocols.PassageAction));
        Assert.Contains(d.Notes, n => n.Contains("passages of cisplatin-constant-daily-2uM.yaml are replaced"));
    }
}
