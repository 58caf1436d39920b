using NexusPush.Tests.Support;

namespace NexusPush.Tests.Setup;

/// <summary>
/// samples/nexus-push-setup.json works as shipped: the apt signing key it names is in samples/keys (a throw-away key
/// made by samples/make-sample-key.sh), so `setup --dry-run` against an empty Nexus plans every object and sends nothing.
/// </summary>
public sealed class SetupSampleTests
{
    private static string Samples
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "NexusPush.sln")))
            {
                root = root.Parent;
            }

            return Path.Combine(root!.FullName, "samples");
        }
    }

    [Fact]
    public async Task SetupDryRun_TheShippedSample_PlansEveryObjectAndSendsNothing()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        var environment = new Dictionary<string, string>(SetupFixture.Secrets) { ["APT_KEY_PASSPHRASE"] = "throw-away-sample" };

        var run = await CliRun.RunAsync(["setup", "--config", Path.Combine(Samples, "nexus-push-setup.json"), "--dry-run"], nexus.Env(environment));

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Empty(nexus.Writes);
        Assert.Contains("apt-bookworm", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("5 to create", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleKey_IsAnArmoredPrivateKeySaidToBeThrowAway()
    {
        var key = File.ReadAllText(Path.Combine(Samples, "keys", "nexus-apt.asc"));

        Assert.Contains("-----BEGIN PGP PRIVATE KEY BLOCK-----", key, StringComparison.Ordinal);
        Assert.Contains("throw-away", File.ReadAllText(Path.Combine(Samples, "make-sample-key.sh")), StringComparison.Ordinal);
    }
}
