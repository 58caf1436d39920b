using System.Diagnostics;
using System.Text;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Progress;

/// <summary>
/// Runs the built nexus-push (<see cref="ToolProcess.Command"/>: the JIT build, or the installed tool CI names) as a real process under a pseudo-terminal, the
/// way a CI worker with a PTY (Buildbot usePTY, GitLab's shell runner) or <c>script</c> runs it: in-process runs
/// cannot show what a terminal gets, since stdout and stderr are not terminals there.
/// </summary>
internal static class BuiltTool
{
    public static bool HasScript => File.Exists("/usr/bin/script");

    /// <summary>
    /// <c>script -qefc "nexus-push ARGS" /dev/null</c>: both standard streams of the tool are the PTY, whose
    /// bytes <c>script</c> copies to its stdout. <paramref name="term"/> null leaves TERM unset; CI and BUILDBOT_*
    /// variables of the test run are removed so that only <paramref name="extra"/> says whether this is CI.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUnderPtyAsync(string workingDirectory, string? term, IEnumerable<string> args, IReadOnlyDictionary<string, string>? extra = null)
    {
        var command = string.Join(' ', ToolProcess.Command.Concat(args).Select(Quote));
        var start = new ProcessStartInfo("/usr/bin/script")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { "-qefc", command, "/dev/null" })
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k == "CI" || k.StartsWith("BUILDBOT_", StringComparison.Ordinal) || k == "TERM" || k == "NO_COLOR").ToList())
        {
            start.Environment.Remove(name);
        }

        if (term is not null)
        {
            start.Environment["TERM"] = term;
        }

        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var (code, stdout, stderr) = await ToolProcess.RunToEndAsync(start);
        return (code, stdout + stderr);
    }

    private static string Quote(string arg) => "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
