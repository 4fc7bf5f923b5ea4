using System.Globalization;
using ResLab.Biology;
using ResLab.Protocols;
using ResLab.Storage;
using YamlDotNet.RepresentationModel;

namespace ResLab.Sweeps;

/// <summary>
/// Changes values in a protocol file by path (<c>flask.capacity</c>, <c>schedule[0].escalate.factor</c>,
/// <c>overrides.parameters.keap1_loss_rate</c>) and reads the result with <see cref="ProtocolReader"/>, so a swept
/// protocol is validated exactly like a hand-written one. Paths must name a value present in the base protocol, except
/// under <c>overrides.parameters</c> / <c>overrides.traits</c> (any model parameter or trait, created when absent).
/// </summary>
public sealed class ProtocolPatcher
{
    private readonly string _text;
    private readonly string _file;
    private readonly Catalogue _catalogue;
    private readonly HashSet<string> _leaves;
    private readonly string _baseName;

    public ProtocolPatcher(string protocolText, string protocolFile, Catalogue catalogue)
    {
        _text = protocolText;
        _file = protocolFile;
        _catalogue = catalogue;
        // Validates the base protocol itself first, so its own mistakes are reported against its own lines.
        _baseName = ProtocolReader.Parse(protocolText, protocolFile, catalogue).Name;
        _leaves = LeafPaths(Load().RootNode, "").ToHashSet();
    }

    /// <summary>The paths a sweep may name: every scalar of the base protocol and every model parameter and trait override.</summary>
    public IEnumerable<string> KnownPaths =>
        _leaves.Concat(ParameterSchema.Keys.Select(k => "overrides.parameters." + k)).Concat(Traits.Keys.Select(k => "overrides.traits." + k));

    /// <summary>Checks a path (user error with the nearest known path when it names nothing).</summary>
    public void Check(string path, InputLocation where)
    {
        if (_leaves.Contains(Normalise(path))) return;
        var segs = Split(path, where).Select(x => x.ToString()!).ToList();
        if (segs.Count == 3 && segs[0] == "overrides" && segs[1] == "parameters")
        {
            if (ParameterSchema.Find(segs[2]) is not null) return;
            throw new UserInputException($"unknown model parameter '{segs[2]}'{NameMatcher.Hint(segs[2], ParameterSchema.Keys)}; see 'reslab catalogue show parameters'", where);
        }
        if (segs.Count == 3 && segs[0] == "overrides" && segs[1] == "traits")
        {
            if (Traits.TryParse(segs[2], out _)) return;
            throw new UserInputException($"unknown trait '{segs[2]}'{NameMatcher.Hint(segs[2], Traits.Keys)}", where);
        }
        var near = NameMatcher.Nearest(path, KnownPaths.Concat(DrugPaths.Known(_catalogue)));
        throw new UserInputException($"unknown parameter path '{path}': the protocol {Path.GetFileName(_file)} has no value there" +
                                     (near is null ? "" : $" (did you mean '{near}'?)") + "; paths name a value of the protocol file, e.g. "
                                     + string.Join(", ", _leaves.Where(l => l is not ("name" or "description" or "reference" or "cell_line")).Take(4)) + ", overrides.parameters.<model parameter> or drugs.<drug>.ic50", where);
    }

    /// <summary>The protocol with the given values put at their paths; a value the protocol reader rejects is a user error naming the point.</summary>
    public Protocol Apply(IEnumerable<(string Path, string Text)> changes, string pointLabel, InputLocation where, Catalogue? catalogue = null)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(_text));
        var root = stream.Documents[0].RootNode;
        foreach (var (path, text) in changes) Put(root, Split(path, where), text);
        var sw = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(sw, assignAnchors: false);
        try
        {
            return ProtocolReader.Parse(sw.ToString(), null, catalogue ?? _catalogue) with { SourceFile = _file, Name = _baseName };
        }
        catch (UserInputException e)
        {
            throw new UserInputException($"{pointLabel} makes an invalid protocol from {Path.GetFileName(_file)}: {e.Message}", where, e);
        }
    }

    private YamlDocument Load()
    {
        var s = new YamlStream();
        s.Load(new StringReader(_text));
        return s.Documents[0];
    }

    private static void Put(YamlNode root, IReadOnlyList<object> segs, string text)
    {
        YamlNode node = root;
        for (int i = 0; i < segs.Count; i++)
        {
            bool last = i == segs.Count - 1;
            if (segs[i] is string key)
            {
                var map = (YamlMappingNode)node;
                var k = new YamlScalarNode(key);
                if (last) { map.Children[k] = new YamlScalarNode(text); return; }
                if (!map.Children.TryGetValue(k, out var child) || child is YamlScalarNode { Value: null or "" or "~" })
                {
                    child = new YamlMappingNode();
                    map.Children[k] = child;
                }
                node = child;
            }
            else
            {
                var seq = (YamlSequenceNode)node;
                int idx = (int)segs[i];
                if (last) { seq.Children[idx] = new YamlScalarNode(text); return; }
                node = seq.Children[idx];
            }
        }
    }

    /// <summary>"a.b[2].c" → ["a", "b", 2, "c"].</summary>
    internal static List<object> Split(string path, InputLocation where)
    {
        var segs = new List<object>();
        foreach (var part in path.Split('.'))
        {
            var p = part.Trim();
            int br = p.IndexOf('[');
            var name = br < 0 ? p : p[..br];
            if (name.Length > 0) segs.Add(name);
            while (br >= 0)
            {
                int close = p.IndexOf(']', br);
                if (close < 0 || !int.TryParse(p[(br + 1)..close], NumberStyles.None, CultureInfo.InvariantCulture, out var idx))
                    throw UserInputException.Invalid(where, path, "a path such as 'schedule[0].escalate.factor' (keys joined by '.', list items as [index])");
                segs.Add(idx);
                br = p.IndexOf('[', close);
            }
        }
        if (segs.Count == 0) throw UserInputException.Invalid(where, path, "a path such as 'flask.capacity'");
        return segs;
    }

    private static string Normalise(string path) => string.Join(".", path.Split('.').Select(s => s.Trim())).Replace(".[", "[");

    private static IEnumerable<string> LeafPaths(YamlNode node, string prefix)
    {
        switch (node)
        {
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    var key = ((YamlScalarNode)k).Value ?? "";
                    foreach (var p in LeafPaths(v, prefix.Length == 0 ? key : $"{prefix}.{key}")) yield return p;
                }
                break;
            case YamlSequenceNode s:
                for (int i = 0; i < s.Children.Count; i++)
                    foreach (var p in LeafPaths(s.Children[i], $"{prefix}[{i}]")) yield return p;
                break;
            default:
                yield return prefix;
                break;
        }
    }
}
