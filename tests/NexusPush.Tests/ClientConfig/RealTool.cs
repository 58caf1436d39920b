using System.Diagnostics;

namespace NexusPush.Tests.ClientConfig;

/// <summary>Runs a real client program (gpg, apt-get) of this machine, or skips the test when it is not installed.</summary>
internal static class RealTool
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static string Require(string name)
    {
        var path = Find(name);
        if (path is null)
        {
            Assert.Skip($"{name} is not installed on this machine, so the generated client files cannot be checked with it (apt-get install {(name == "gpg" ? "gnupg" : "apt")}).");
        }

        return path;
    }

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string name, params string[] args)
    {
        var start = new ProcessStartInfo(Require(name)) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
