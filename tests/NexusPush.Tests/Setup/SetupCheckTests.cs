using NexusPush.Tests.Support;

namespace NexusPush.Tests.Setup;

/// <summary><c>check</c> with a "setup" declaration: absent and differing objects are named, read-only.</summary>
public sealed class SetupCheckTests
{
    [Fact]
    public async Task Check_DeclaredRepositoryAbsent_SaysSetupCreatesIt()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();

        var run = await CliRun.RunAsync(["check", "--config", fixture.ConfigPath], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("absent: `nexus-push setup` creates it.", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("setup repository apt-bookworm", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(nexus.Writes);
    }

    [Fact]
    public async Task Check_DeclaredRepositoryDiffers_NamesTheFields_AllPresentAsDeclared_ExitsZero()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        Assert.Equal(0, (await CliRun.RunAsync(["setup", "--config", fixture.ConfigPath], nexus.Env(SetupFixture.Secrets))).ExitCode);

        var clean = await CliRun.RunAsync(["check", "--config", fixture.ConfigPath], nexus.Env());
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("present, as declared.", clean.Stdout, StringComparison.Ordinal);

        nexus.Repositories["apt-bookworm"]["apt"]!["distribution"] = "bullseye";
        nexus.Repositories["apt-bookworm"]["storage"]!["writePolicy"] = "ALLOW";
        var writes = nexus.Writes.Count;

        var run = await CliRun.RunAsync(["check", "--config", fixture.ConfigPath], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("differs from the declaration: storage.writePolicy ALLOW → ALLOW_ONCE; apt.distribution bullseye → bookworm; `nexus-push setup` updates it.", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(writes, nexus.Writes.Count);
    }

    [Fact]
    public async Task Check_RepositoryOnABlobStoreNobodyHas_SaysSetupWouldFail()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture(SetupFixture.Setup.Replace("\"name\": \"pypi-hosted\", \"format\": \"pypi\", \"blobStore\": \"s3-artifacts\"", "\"name\": \"pypi-hosted\", \"format\": \"pypi\", \"blobStore\": \"nowhere\"", StringComparison.Ordinal));

        var run = await CliRun.RunAsync(["check", "--config", fixture.ConfigPath], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("repository pypi-hosted (line 14) is to be stored in blob store 'nowhere', which neither Nexus nor the declaration has", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("absent: `nexus-push setup` creates it.", run.Stdout, StringComparison.Ordinal); // the others still say what setup does
        Assert.Empty(nexus.Writes);
    }
}
