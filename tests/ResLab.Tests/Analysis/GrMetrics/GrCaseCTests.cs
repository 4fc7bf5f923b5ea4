using System.Globalization;
using ResLab.Analysis.GrMetrics;
using ResLab.Storage;
using static ResLab.Tests.Analysis.Fixtures;

namespace ResLab.Tests.Analysis.GrMetrics;

/// <summary>
/// Case C (long table with control and time-zero wells) must give the same GR values as Case A — GRmetrics'
/// own tests/test.R checks this. The Case C table is built from the Case A fixture: one control well and one
/// time-zero well per distinct (control, time-zero) pair, tied to the treated wells by a 'plate' column.
/// </summary>
public class GrCaseCTests
{
    [Fact]
    public void Case_C_gives_the_GRmetrics_values_of_case_A()
    {
        var a = Table("gr_metrics", "GR_inputCaseA.csv");
        int cl = a.Require("cell_line"), tr = a.Require("treatment"), rep = a.Require("replicate"), time = a.Require("time"),
            conc = a.Require("concentration"), cnt = a.Require("cell_count"), ctrl = a.Require("cell_count__ctrl"), t0 = a.Require("cell_count__time0");
        var plates = new Dictionary<string, int>();
        var lines = new List<string> { "cell_line,treatment,time,plate,replicate,concentration,cell_count" };
        var extra = new List<string>();
        for (int r = 0; r < a.RowCount; r++)
        {
            var pk = string.Join("|", a.Cell(r, cl), a.Cell(r, tr), a.Cell(r, time), a.Cell(r, rep), a.Cell(r, ctrl), a.Cell(r, t0));
            if (!plates.TryGetValue(pk, out int id))
            {
                id = plates.Count + 1;
                plates[pk] = id;
                extra.Add($"{a.Cell(r, cl)},-,{a.Cell(r, time)},p{id},1,0,{a.Cell(r, ctrl)}");
                extra.Add($"{a.Cell(r, cl)},-,0,p{id},1,0,{a.Cell(r, t0)}");
            }
            lines.Add($"{a.Cell(r, cl)},{a.Cell(r, tr)},{a.Cell(r, time)},p{id},{a.Cell(r, rep)},{a.Cell(r, conc)},{a.Cell(r, cnt)}");
        }
        var text = string.Join("\n", lines.Concat(extra)) + "\n";
        var caseC = GrInput.FromTable(TidyTable.Parse(new StringReader(text), "caseC.csv"), ["cell_line", "treatment", "time"]);
        Assert.Equal("C", caseC.Case);
        var expected = Rows("gr_metrics", "GR_values.csv");
        Assert.Equal(expected.Count, caseC.Wells.Count);
        for (int i = 0; i < expected.Count; i++)
            Close(double.Parse(expected[i]["GRvalue"], CultureInfo.InvariantCulture), caseC.Wells[i].GrValue, 1e-13, $"GRvalue {i + 1}");
    }

    [Fact]
    public void Trimmed_mean_is_the_interquartile_mean()
    {
        Assert.Equal(2.5, TrimmedMean.Of([1, 2, 3, 4]));            // n = 4: drop one each end
        Assert.Equal(3.5, TrimmedMean.Of([100, 1, 3, 4, 2, 5, 6, -50])); // n = 8: drop two each end → mean of 2, 3, 4, 5
        Assert.Equal(7, TrimmedMean.Of([7]));
    }
}
