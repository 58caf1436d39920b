using System.Diagnostics;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Operations;

/// <summary>
/// Runs a bash script in which the function <c>TOOL</c> is the built nexus-push (<see cref="ToolProcess.Command"/>), for what
/// only a shell shows: redirections to files (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>2&gt;&amp;1</c>), pipes whose reader went away.
/// </summary>
internal static class ToolShell
{
    /// <returns>The script's exit code, stdout and stderr.</returns>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, string script)
    {
        var tool = string.Join(' ', ToolProcess.Command.Select(part => "'" + part.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var start = new ProcessStartInfo("/bin/bash", ["-c", $"TOOL() {{ {tool} \"$@\"; }}\n" + script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.Contains("proxy", StringComparison.OrdinalIgnoreCase) || k.StartsWith("NEXUS", StringComparison.Ordinal) || k == "CI" || k.StartsWith("BUILDBOT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        return await ToolProcess.RunToEndAsync(start);
    }
}
