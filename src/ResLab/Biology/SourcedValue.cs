namespace ResLab.Biology;

/// <summary>A number with where it comes from: a reference (author, year, DOI/PMID), "assumed: why", or "protocol override".</summary>
public sealed record SourcedValue(double Value, string Source, string Text)
{
    public bool IsAssumed => Source.StartsWith("assumed", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// An immutable set of model parameters, each with its source. A cell line's set is the model defaults overlaid
/// by the line's own values; a protocol overlays its overrides.
/// </summary>
public sealed class ParameterSet
{
    private readonly Dictionary<string, SourcedValue> _values;

    public ParameterSet(IReadOnlyDictionary<string, SourcedValue> values) { _values = new Dictionary<string, SourcedValue>(values); }

    public double this[string key] => _values.TryGetValue(key, out var v) ? v.Value : throw new KeyNotFoundException($"model parameter '{key}' has no value");

    public SourcedValue Get(string key) => _values[key];

    public bool Contains(string key) => _values.ContainsKey(key);

    public IReadOnlyDictionary<string, SourcedValue> Values => _values;

    public ParameterSet With(string key, SourcedValue value)
    {
        var d = new Dictionary<string, SourcedValue>(_values) { [key] = value };
        return new ParameterSet(d);
    }

    public ParameterSet With(IEnumerable<KeyValuePair<string, SourcedValue>> values)
    {
        var d = new Dictionary<string, SourcedValue>(_values);
        foreach (var (k, v) in values) d[k] = v;
        return new ParameterSet(d);
    }
}
