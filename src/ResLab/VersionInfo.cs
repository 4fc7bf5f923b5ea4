using System.Reflection;

namespace ResLab;

public static class VersionInfo
{
    /// <summary>The library version (from the assembly's informational version, without the source hash).</summary>
    public static string Version { get; } =
        (typeof(VersionInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
