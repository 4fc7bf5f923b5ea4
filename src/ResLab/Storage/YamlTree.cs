using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ResLab.Storage;

/// <summary>
/// A YAML node with its place in the user's file (file, line, column, key path), for readers that validate by hand
/// and report every mistake with its position: unknown keys (with the nearest known key), wrong types, bad values.
/// </summary>
public sealed class YamlTree
{
    public YamlNode Node { get; }
    public string? File { get; }
    public string Path { get; }

    private YamlTree(YamlNode node, string? file, string path) { Node = node; File = file; Path = path; }

    /// <summary>Parses YAML text; syntax errors become user errors with their line and column.</summary>
    public static YamlTree Parse(string text, string? file)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            var msg = e.InnerException?.Message ?? e.Message;
            throw new UserInputException($"not valid YAML: {Clean(msg)}", new InputLocation(file, (int)e.Start.Line, (int)e.Start.Column), e);
        }
        if (stream.Documents.Count == 0) throw new UserInputException("the file is empty; expected a YAML mapping", new InputLocation(file));
        return new YamlTree(stream.Documents[0].RootNode, file, "");
    }

    public static YamlTree Load(string path)
    {
        string text;
        try { text = System.IO.File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"cannot read the file: {e.Message}", new InputLocation(path), e);
        }
        return Parse(text, path);
    }

    private static string Clean(string m) => m.Replace("\r", " ").Replace("\n", " ");

    public InputLocation Where(string? field = null) =>
        new(File, (int)Node.Start.Line, (int)Node.Start.Column, field ?? (Path.Length == 0 ? null : Path));

    public UserInputException Error(string expected, string? hint = null) =>
        UserInputException.Invalid(Where(), IsScalar ? Scalar : Describe(Node), expected, hint);

    private static string Describe(YamlNode n) => n switch { YamlMappingNode => "a mapping", YamlSequenceNode => "a list", _ => n.ToString() };

    public bool IsScalar => Node is YamlScalarNode;
    public bool IsMap => Node is YamlMappingNode;
    public bool IsList => Node is YamlSequenceNode;
    public bool IsNull => Node is YamlScalarNode s && (s.Style == YamlDotNet.Core.ScalarStyle.Plain && (s.Value is null or "" or "~" or "null"));

    public string Scalar => Node is YamlScalarNode s ? s.Value ?? "" : throw Error("a single value");

    private string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    /// <summary>The entries of a mapping, in file order, with keys as written.</summary>
    public IEnumerable<(string Key, YamlTree Value)> Entries()
    {
        if (Node is not YamlMappingNode m) throw Error("a mapping of keys to values");
        foreach (var (k, v) in m.Children)
        {
            var key = k is YamlScalarNode ks ? ks.Value ?? "" : throw new YamlTree(k, File, Path).Error("a key");
            yield return (key, new YamlTree(v, File, Child(key)));
        }
    }

    /// <summary>The position of a key itself (for unknown-key messages).</summary>
    public InputLocation KeyWhere(string key)
    {
        if (Node is YamlMappingNode m)
            foreach (var k in m.Children.Keys)
                if (k is YamlScalarNode ks && ks.Value == key) return new InputLocation(File, (int)k.Start.Line, (int)k.Start.Column, Child(key));
        return Where(Child(key));
    }

    public IEnumerable<YamlTree> Items()
    {
        if (Node is not YamlSequenceNode s) throw Error("a list");
        int i = 0;
        foreach (var n in s.Children) yield return new YamlTree(n, File, $"{Path}[{i++}]");
    }

    public YamlTree? Get(string key)
    {
        if (Node is not YamlMappingNode m) throw Error("a mapping of keys to values");
        foreach (var (k, v) in m.Children)
            if (k is YamlScalarNode ks && ks.Value == key) return new YamlTree(v, File, Child(key));
        return null;
    }

    public YamlTree Require(string key) => Get(key) ?? throw new UserInputException($"missing '{key}'", Where(Child(key)));

    /// <summary>Rejects keys not in <paramref name="allowed"/>, suggesting the nearest.</summary>
    public void OnlyKeys(IReadOnlyCollection<string> allowed)
    {
        foreach (var (key, _) in Entries())
            if (!allowed.Contains(key))
                throw new UserInputException($"unknown key '{key}'{NameMatcher.Hint(key, allowed)}; expected one of: {string.Join(", ", allowed)}", KeyWhere(key));
    }

    public string? OptionalString(string key) => Get(key) is { } v && !v.IsNull ? v.Scalar : null;

    public double Number(string? text = null)
    {
        var s = text ?? Scalar;
        if (double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        throw Error("a number");
    }

    public bool Bool()
    {
        var s = Scalar.Trim().ToLowerInvariant();
        return s switch { "true" or "yes" or "on" => true, "false" or "no" or "off" => false, _ => throw Error("true or false") };
    }
}
