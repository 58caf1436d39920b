using System.Text.Json;

namespace NexusPush.Preflight;

/// <summary><c>check</c>'s output on stdout: a small table, or one JSON document with <c>--output json</c>.</summary>
internal static class PreflightReport
{
    public static void WriteText(TextWriter output, PreflightResult result)
    {
        var width = Math.Max("CHECK".Length, result.Checks.Max(c => c.Name.Length));
        output.WriteLine($"{"CHECK".PadRight(width)}  {"RESULT",-7}  DETAIL");
        foreach (var check in result.Checks)
        {
            output.WriteLine($"{check.Name.PadRight(width)}  {Name(check.Status),-7}  {check.Detail}");
        }

        var failed = result.Failures.Count();
        output.WriteLine(failed == 0
            ? "All checks passed."
            : $"{failed} check{(failed == 1 ? string.Empty : "s")} failed (exit {result.ExitCode}).");
    }

    /// <param name="output">Where to write.</param>
    /// <param name="result">The checks.</param>
    /// <param name="settings">With <c>check -v</c>: the effective settings and their sources (secrets already redacted).</param>
    public static void WriteJson(TextWriter output, PreflightResult result, IReadOnlyList<EffectiveSetting>? settings = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("url", result.Url);
            if (result.Server is { } server)
            {
                writer.WriteStartObject("server");
                writer.WriteString("version", server.Version);
                writer.WriteString("edition", server.Edition);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("server");
            }

            if (settings is not null)
            {
                writer.WriteStartArray("settings");
                foreach (var setting in settings)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", setting.Name);
                    writer.WriteString("value", Nexus.NexusUrl.Redact(setting.Value));
                    writer.WriteString("source", setting.Source);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteStartArray("checks");
            foreach (var check in result.Checks)
            {
                writer.WriteStartObject();
                writer.WriteString("name", check.Name);
                writer.WriteString("status", Name(check.Status));
                writer.WriteString("problem", check.Problem == PreflightProblem.None ? null : check.Problem.ToString().ToLowerInvariant());
                writer.WriteString("detail", check.Detail);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("exitCode", result.ExitCode);
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    internal static string Name(PreflightStatus status) => status switch
    {
        PreflightStatus.Ok => "ok",
        PreflightStatus.Warning => "warning",
        PreflightStatus.Failed => "FAILED",
        _ => "skipped",
    };
}
