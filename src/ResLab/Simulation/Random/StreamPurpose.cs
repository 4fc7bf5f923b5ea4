namespace ResLab.Simulation.Random;

/// <summary>What a random stream is used for: part of its key, so two uses never share draws.</summary>
public enum StreamPurpose : uint
{
    Fates = 1,
    Switching = 2,
    Mutation = 3,
    Radiation = 4,
    Passage = 5,
    Seeding = 6,
    Exact = 7,
    Sampling = 8,
    Assay = 9,
    Screen = 10,
    /// <summary>Sweep designs (sampled points) and per-point seeds.</summary>
    Sweep = 20,
    User = 100,
}
