namespace ResLab;

/// <summary>Where in the user's input something went wrong. Every part is optional.</summary>
public sealed record InputLocation(string? File = null, int? Line = null, int? Column = null, string? Field = null)
{
    public override string ToString()
    {
        var parts = new List<string>();
        if (File is not null)
        {
            var s = File;
            if (Line is not null) s += $":{Line}";
            if (Line is not null && Column is not null) s += $":{Column}";
            parts.Add(s);
        }
        else if (Line is not null)
        {
            parts.Add(Column is null ? $"line {Line}" : $"line {Line}, column {Column}");
        }
        if (Field is not null) parts.Add($"field '{Field}'");
        return string.Join(", ", parts);
    }
}

/// <summary>
/// A mistake in the user's input (file, option, value). The CLI prints the message without a stack trace
/// and exits with code 2. The message names where, what was found and what was expected.
/// </summary>
public class UserInputException : Exception
{
    public InputLocation? Location { get; }

    public UserInputException(string message, InputLocation? location = null, Exception? inner = null)
        : base(Compose(message, location), inner)
    {
        Location = location;
    }

    /// <summary>A message of the form "where: got 'value'; expected …  (hint)".</summary>
    public static UserInputException Invalid(InputLocation? location, string? value, string expected, string? hint = null)
    {
        var got = value is null ? "" : $"got '{Truncate(value)}'; ";
        var msg = $"{got}expected {expected}" + (hint is null ? "" : $" ({hint})");
        return new UserInputException(msg, location);
    }

    private static string Compose(string message, InputLocation? location)
    {
        var where = location?.ToString();
        return string.IsNullOrEmpty(where) ? message : $"{where}: {message}";
    }

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..57] + "...";
}
