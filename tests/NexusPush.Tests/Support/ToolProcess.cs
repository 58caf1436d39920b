using System.Diagnostics;
using System.Text;

namespace NexusPush.Tests.Support;

/// <summary>
/// The built tool as a real child process, for what an in-process run cannot show (signals, proxies from the
/// environment, terminals, the native executable). By default the JIT build next to the tests
/// (<c>dotnet exec nexus-push.dll</c>); when <c>NEXUS_PUSH_TOOL</c> names an executable, that one: .ci/run sets it to
/// the installed Native AOT tool, so the same tests catch what only AOT breaks (trimmed reflection, JSON, help).
/// </summary>
internal static class ToolProcess
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "nexus-push.dll");

    /// <summary>The installed tool named by <c>NEXUS_PUSH_TOOL</c>, or null for the JIT build.</summary>
    public static string? Installed => Environment.GetEnvironmentVariable("NEXUS_PUSH_TOOL") is { Length: > 0 } tool ? tool : null;

    /// <summary>The program and its first arguments: the installed executable alone, or the dotnet host and the dll.</summary>
    public static IReadOnlyList<string> Command => Installed is { } tool
        ? [tool]
        : [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet", "exec", Dll];

    /// <summary>
    /// A start for <paramref name="args"/> with redirected streams and an environment free of proxies and NEXUS_*
    /// variables, so only <paramref name="environment"/> speaks.
    /// </summary>
    public static ProcessStartInfo Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var command = Command;
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var arg in command.Skip(1).Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.Contains("proxy", StringComparison.OrdinalIgnoreCase) || k.StartsWith("NEXUS", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs the tool to its end (at most 90 s) with stdin closed.</summary>
    public static async Task<CliOutcome> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var (exitCode, stdout, stderr) = await RunToEndAsync(Start(args, environment, workingDirectory), closeInputFirst: true);
        return new CliOutcome(exitCode, stdout, stderr);
    }

    /// <summary>
    /// Starts <paramref name="start"/> (stdout and stderr redirected), waits at most 90 s (then kills it) and returns
    /// its exit code and what it printed. A redirected stdin is closed before the wait when
    /// <paramref name="closeInputFirst"/>, else after the exit (<c>script</c> ends on end of input).
    /// </summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(ProcessStartInfo start, bool closeInputFirst = false)
    {
        using var process = Process.Start(start)!;
        if (closeInputFirst && start.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (!closeInputFirst && start.RedirectStandardInput)
        {
            process.StandardInput.Close();
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
