using NexusPush.Formats;
using NexusPush.Nexus;
using NexusPush.Planning;

namespace NexusPush.Cli;

/// <summary>
/// What <c>check -v</c> prints before the checks: every setting that shapes a run, its value and its source, so
/// "which URL / which user / which CA did it use?" has an answer. Secrets are never shown, only where they came from.
/// </summary>
internal static class EffectiveSettings
{
    /// <param name="flags">The connection options as the command line gave them.</param>
    /// <param name="env">The environment the run sees.</param>
    /// <param name="resolved">The connection as resolved.</param>
    /// <param name="routing">Flags and config file merged.</param>
    /// <param name="flagRoutes">The per-format repositories given as flags (the rest came from the file).</param>
    /// <param name="config">The config file used and whether --config named it; null when none.</param>
    public static List<EffectiveSetting> Collect(ConnectionSettings flags, ProcessEnvironment env, NexusOptions resolved, SyncRouting routing, IReadOnlyDictionary<ArtifactFormat, string> flagRoutes, (string Path, bool FromFlag)? config)
    {
        var configFile = config?.Path;
        var fromFile = configFile is null ? "default" : $"config {configFile}";
        var settings = new List<EffectiveSetting>
        {
            new("url", resolved.BaseUrl.ToString(), FlagOrEnv(flags, "--url", env, "NEXUS_URL", "NEXUS3_URL").Replace("default", fromFile, StringComparison.Ordinal)),
            new("username", resolved.Credentials?.Username ?? "(anonymous)", resolved.Credentials is null ? "none" : FlagOrEnv(flags, "--username", env, "NEXUS_USERNAME", "NEXUS3_USERNAME", "NEXUS_TOKEN").Replace("default", fromFile, StringComparison.Ordinal)),
            new("password", resolved.Credentials is null ? "(none)" : "<hidden>", resolved.Credentials?.Source ?? "none"),
            new("ca-file", resolved.Tls.CaFile ?? "(system store only)", resolved.Tls.CaFile is null ? "default" : FlagOrEnv(flags, "--ca-file", env, "NEXUS_PUSH_CA_FILE")),
            new("insecure", resolved.Tls.Insecure ? "true" : "false", Source(flags, "--insecure")),
            new("retries", resolved.Retries.ToString(System.Globalization.CultureInfo.InvariantCulture), Source(flags, "--retries")),
            new("retry-delay", Seconds(resolved.RetryDelay), Source(flags, "--retry-delay")),
            new("stall-timeout", Seconds(resolved.StallTimeout), Source(flags, "--stall-timeout")),
            new("timeout", Seconds(resolved.ResponseTimeout), Source(flags, "--timeout")),
        };
        settings.Add(new("config", configFile ?? "(none)", config is null ? "no ./nexus-push.json" : config.Value.FromFlag ? "--config" : "./nexus-push.json"));
        foreach (var (format, repository) in routing.Repositories)
        {
            settings.Add(new($"{format.NexusId()}-repository", repository, flagRoutes.ContainsKey(format) ? $"--{format.NexusId()}-repository" : fromFile));
        }

        if (routing.Rules.Count > 0)
        {
            settings.Add(new("rules", $"{routing.Rules.Count} rule(s)", fromFile));
        }

        return settings;
    }

    public static void WriteText(TextWriter output, IReadOnlyList<EffectiveSetting> settings)
    {
        var width = settings.Max(s => s.Name.Length);
        var valueWidth = Math.Min(60, settings.Max(s => s.Value.Length));
        output.WriteLine($"{"SETTING".PadRight(width)}  {"VALUE".PadRight(valueWidth)}  SOURCE");
        foreach (var setting in settings)
        {
            output.WriteLine($"{setting.Name.PadRight(width)}  {NexusUrl.Redact(setting.Value).PadRight(valueWidth)}  {setting.Source}");
        }

        output.WriteLine();
    }

    private static string FlagOrEnv(ConnectionSettings flags, string option, ProcessEnvironment env, params string[] variables)
    {
        if (flags.Given.Contains(option))
        {
            return option;
        }

        var set = variables.FirstOrDefault(v => env.GetVariable(v) is { Length: > 0 });
        return set is null ? "default" : $"env {set}";
    }

    private static string Source(ConnectionSettings flags, string option) => flags.Given.Contains(option) ? option : "default";

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
