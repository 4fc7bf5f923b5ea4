namespace ResLab.Model;

/// <summary>The states of cells within a clone (MODEL.md §1).</summary>
public enum CellState
{
    Cycling = 0,
    /// <summary>Stem-like, slow, less sensitive [G].</summary>
    Quiescent = 1,
    /// <summary>Drug-tolerant, reversible.</summary>
    Persister = 2,
    /// <summary>Lethally hit by radiation: occupies space, dies within one or two cycles.</summary>
    Doomed = 3,
}

public static class CellStates
{
    public const int Count = 4;
    public static readonly string[] Keys = ["cycling", "quiescent", "persister", "doomed"];
}
