namespace ResLab.Storage;

/// <summary>
/// An output directory that appears complete or not at all. Files are written into a hidden sibling
/// directory; <see cref="Commit"/> moves it into place (replacing an earlier run's directory). If the work
/// fails, disposing without committing removes the temporary directory, so nothing half-written is left.
/// </summary>
public sealed class OutputDirectory : IDisposable
{
    private bool _committed;

    /// <summary>The directory to write into now (temporary until committed).</summary>
    public string Path { get; }

    /// <summary>Where the directory will be after <see cref="Commit"/>.</summary>
    public string FinalPath { get; }

    private OutputDirectory(string finalPath, string tempPath)
    {
        FinalPath = finalPath;
        Path = tempPath;
    }

    public static OutputDirectory Begin(string finalPath)
    {
        if (string.IsNullOrWhiteSpace(finalPath)) throw new UserInputException("the output directory is empty; expected a path such as out/fit");
        var full = System.IO.Path.GetFullPath(finalPath);
        if (System.IO.File.Exists(full)) throw new UserInputException("exists and is a file; expected a directory path for the output", new InputLocation(finalPath));
        var parent = System.IO.Path.GetDirectoryName(full.TrimEnd('/'))!;
        try { Directory.CreateDirectory(parent); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot create the output's parent directory: {e.Message}", new InputLocation(finalPath), e);
        }
        var temp = System.IO.Path.Combine(parent, $".{System.IO.Path.GetFileName(full.TrimEnd('/'))}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        return new OutputDirectory(full.TrimEnd('/'), temp);
    }

    /// <summary>Full path of a file inside the (temporary) directory, creating sub-directories as needed.</summary>
    public string File(string relative)
    {
        var p = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(p)!);
        return p;
    }

    public void Commit()
    {
        if (_committed) return;
        string? backup = null;
        if (Directory.Exists(FinalPath))
        {
            backup = FinalPath + $".old-{Guid.NewGuid():N}";
            Directory.Move(FinalPath, backup);
        }
        Directory.Move(Path, FinalPath);
        _committed = true;
        if (backup is not null) Directory.Delete(backup, recursive: true);
    }

    public void Dispose()
    {
        if (_committed) return;
        try { if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true); }
        catch (IOException) { /* best effort: a leftover hidden temp directory is harmless */ }
    }
}
