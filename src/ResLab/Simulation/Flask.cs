namespace ResLab.Simulation;

/// <summary>The culture vessel: capacity (cells at 100 % confluence) and medium volume.</summary>
public sealed record Flask(double Capacity, double MediumMillilitres = 15)
{
    /// <summary>A T75 flask: ~1e7 HNSCC cells at confluence, 15 mL medium (assumed typical values).</summary>
    public static Flask T75 => new(1e7, 15);
    /// <summary>A well of a 96-well plate: ~3e4 cells at confluence, 0.1 mL.</summary>
    public static Flask Well96 => new(3e4, 0.1);
    /// <summary>Unbounded growth (no contact inhibition): validation of birth–death truths.</summary>
    public static Flask Unbounded => new(double.PositiveInfinity, 1);
}
