namespace ResLab.Analysis.Synergy;

/// <summary>
/// One drug-combination block: drug 1 at the row concentrations × drug 2 at the column concentrations (both starting
/// with 0), a full matrix of responses as % inhibition, with every replicate kept. Row 0 is drug 2 alone, column 0
/// drug 1 alone, [0, 0] the untreated control.
/// </summary>
public sealed class CombinationBlock
{
    public required string Id { get; init; }
    public required string Drug1 { get; init; }
    public required string Drug2 { get; init; }
    public required string Unit1 { get; init; }
    public required string Unit2 { get; init; }

    /// <summary>Drug 1 concentrations, increasing, Conc1[0] = 0.</summary>
    public required double[] Conc1 { get; init; }

    /// <summary>Drug 2 concentrations, increasing, Conc2[0] = 0.</summary>
    public required double[] Conc2 { get; init; }

    /// <summary>Replicate responses (% inhibition) of each well [i, j].</summary>
    public required IReadOnlyList<double>[,] Responses { get; init; }

    /// <summary>The first input line of each well, for messages.</summary>
    public required int[,] Lines { get; init; }

    public int Rows => Conc1.Length;
    public int Columns => Conc2.Length;

    /// <summary>True when any well has more than one replicate (SynergyFinder then bootstraps the scores).</summary>
    public bool Replicated
    {
        get
        {
            foreach (var r in Responses) if (r.Count > 1) return true;
            return false;
        }
    }

    /// <summary>The mean response of each well.</summary>
    public double[,] Mean()
    {
        var m = new double[Rows, Columns];
        for (int i = 0; i < Rows; i++)
            for (int j = 0; j < Columns; j++) m[i, j] = Responses[i, j].Average();
        return m;
    }
}

/// <summary>The blocks of one input file and how its responses were converted.</summary>
public sealed class CombinationSet
{
    public required string Source { get; init; }
    public required IReadOnlyList<CombinationBlock> Blocks { get; init; }

    /// <summary>"viability" (converted to inhibition = 100 − viability) or "inhibition".</summary>
    public required string InputType { get; init; }
}
