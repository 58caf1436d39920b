using System.Diagnostics;

namespace NexusPush.Tests.Operations;

/// <summary>
/// Runs a bash script in which <c>"$TOOL"</c> is the built nexus-push (<c>dotnet exec nexus-push.dll</c>), for what
/// only a shell shows: redirections to files (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>2&gt;&amp;1</c>), pipes whose reader went away.
/// </summary>
internal static class ToolShell
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "nexus-push.dll");

    /// <returns>The script's exit code, stdout and stderr.</returns>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, string script)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new ProcessStartInfo("/bin/bash", ["-c", "TOOL() { \"$DOTNET\" exec \"$DLL\" \"$@\"; }\n" + script])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET"] = dotnet;
        start.Environment["DLL"] = Dll;
        foreach (var name in start.Environment.Keys.Where(k => k.Contains("proxy", StringComparison.OrdinalIgnoreCase) || k.StartsWith("NEXUS", StringComparison.Ordinal) || k == "CI" || k.StartsWith("BUILDBOT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
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

        return (process.ExitCode, await stdout, await stderr);
    }
}
