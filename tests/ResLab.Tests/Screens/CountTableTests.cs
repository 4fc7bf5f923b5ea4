using ResLab.Screens;

namespace ResLab.Tests.Screens;

public class CountTableTests
{
    [Fact]
    public void Reads_MAGeCKs_demo_table()
    {
        var t = MageckReferenceTests.Demo();
        Assert.Equal(999, t.SgrnaCount);
        Assert.Equal(["HL60.initial", "KBM7.initial", "HL60.final", "KBM7.final"], t.Samples);
        Assert.Equal(("A1CF_m52595977", "A1CF"), (t.Sgrnas[0], t.Genes[0]));
        Assert.Equal([213, 274, 883, 175], Enumerable.Range(0, 4).Select(s => t.Count(0, s)));
        Assert.Equal(2, t.LineOf(0));
    }

    /// <summary>A table built in memory (as the screen simulator will) survives writing and reading unchanged.</summary>
    [Fact]
    public void Writer_and_reader_round_trip_an_in_memory_table()
    {
        var t = new CountTable(["a_1", "a_2", "ntc"], ["A", "A", "NonTargeting"], ["T0", "drug"], [[10, 0, 5], [3, 1_000_000_000_000, 7]]);
        var path = Path.Combine(ResLab.Tests.Cli.CliRunner.TempDir(), "counts.tsv");
        CountTableWriter.Write(t, path);
        Assert.Equal("sgRNA\tGene\tT0\tdrug\na_1\tA\t10\t3\na_2\tA\t0\t1000000000000\nntc\tNonTargeting\t5\t7\n", File.ReadAllText(path));
        var back = CountTableReader.Read(path);
        Assert.Equal(t.Sgrnas, back.Sgrnas);
        Assert.Equal(t.Genes, back.Genes);
        Assert.Equal(t.Samples, back.Samples);
        for (int s = 0; s < 2; s++) Assert.Equal(t.Column(s).ToArray(), back.Column(s).ToArray());
    }

    [Fact]
    public void Csv_with_quoted_cells_and_integral_decimals_is_read()
    {
        var t = CountTableReader.Parse("sgRNA,Gene,\"A\",B\ns1,\"g,1\",1.0,2\n", "x.csv", ',');
        Assert.Equal("g,1", t.Genes[0]);
        Assert.Equal(1, t.Count(0, 0));
    }

    [Fact]
    public void In_memory_tables_are_validated_too()
    {
        Assert.Throws<UserInputException>(() => new CountTable(["a", "a"], ["A", "A"], ["S"], [[1, 2]]));
        Assert.Throws<UserInputException>(() => new CountTable(["a"], ["A"], ["S"], [[double.NaN]]));
        Assert.Throws<UserInputException>(() => new CountTable(["a"], [""], ["S"], [[1]]));
    }

    [Fact]
    public void Sample_indices_work_as_in_MAGeCK_when_no_name_matches()
    {
        var t = MageckReferenceTests.Demo();
        Assert.Equal([2, 3], t.ResolveSamples(["2", "3"], "-t"));
        Assert.Equal([2, 3], t.ResolveSamples(["HL60.final", "KBM7.final"], "-t"));
    }
}
