using System.Diagnostics;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.IndexWait;

/// <summary>A real .deb built with dpkg-deb in test setup (the brief's rule: real fixtures, generated).</summary>
internal static class DebFixture
{
    public static async Task<string> BuildAsync(TempDir temp, string package = "hello", string version = "2.0-1", string arch = "amd64")
    {
        var root = Path.Combine(temp.Path, "pkgroot");
        temp.Write("pkgroot/DEBIAN/control", $"Package: {package}\nVersion: {version}\nArchitecture: {arch}\nMaintainer: Build <build@example.com>\nDescription: test package\n");
        temp.Write("pkgroot/usr/share/doc/hello/README", "hello\n");
        var output = Path.Combine(temp.Path, $"{package}_{version}_{arch}.deb");
        using var process = Process.Start(new ProcessStartInfo("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", root, output]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stderr = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"dpkg-deb failed: {stderr}");
        return output;
    }
}
