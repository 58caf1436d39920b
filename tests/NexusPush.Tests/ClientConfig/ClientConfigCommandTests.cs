using System.Text.Json.Nodes;
using NexusPush.Tests.Setup;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.ClientConfig;

/// <summary><c>nexus-push client-config</c>: the files a client machine needs, checked with the real apt-get and gpg (docs/nexus-contract.md §10).</summary>
public sealed class ClientConfigCommandTests
{
    [Fact]
    public async Task ClientConfig_Apt_KeyFromRepositoryKeyGpg_WrittenAsABinaryKeyringGpgAccepts()
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.PublicKeys["apt-bookworm"] = key.Armored; // Nexus serves the key armored
        using var output = new TempDir();

        var run = await CliRun.RunAsync(["client-config", "--config", fixture.ConfigPath, "-r", "apt-bookworm", "--write", output.Path], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal(1, nexus.CountRequests("GET", "/repository/apt-bookworm/repository-key.gpg"));
        var keyring = Path.Combine(output.Path, "apt-bookworm.gpg");
        Assert.Equal(key.Binary, await File.ReadAllBytesAsync(keyring, TestContext.Current.CancellationToken));
        var shown = await GpgTestKey.ShowKeysAsync(keyring);
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("Nexus Push Test", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientConfig_BinaryKeyServed_KeyringIsTheSameBytes()
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.PublicKeys["apt-bookworm"] = key.Binary;
        using var output = new TempDir();

        var run = await CliRun.RunAsync(["client-config", "--config", fixture.ConfigPath, "-r", "apt-bookworm", "--write", output.Path], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(key.Binary, await File.ReadAllBytesAsync(Path.Combine(output.Path, "apt-bookworm.gpg"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ClientConfig_Apt_SourcesAndOneLineForm_AcceptedByRealAptGet()
    {
        RealTool.Require("apt-get");
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.PublicKeys["apt-bookworm"] = key.Armored;
        using var output = new TempDir();

        var run = await CliRun.RunAsync(["client-config", "--config", fixture.ConfigPath, "-r", "apt-bookworm", "--write", output.Path], nexus.Env());
        Assert.Equal(0, run.ExitCode);

        var expectedUri = $"'{nexus.Url}repository/apt-bookworm/dists/bookworm/InRelease'";
        using var parts = new TempDir();
        File.Copy(Path.Combine(output.Path, "apt-bookworm.sources"), Path.Combine(parts.Path, "apt-bookworm.sources"));
        var deb822 = await AptPrintUrisAsync(sourceList: "/dev/null", sourceParts: parts.Path);
        Assert.True(deb822.ExitCode == 0, deb822.Stderr);
        Assert.Contains(expectedUri, deb822.Stdout, StringComparison.Ordinal);

        using var empty = new TempDir();
        var oneLine = await AptPrintUrisAsync(sourceList: Path.Combine(output.Path, "apt-bookworm.list"), sourceParts: empty.Path);
        Assert.True(oneLine.ExitCode == 0, oneLine.Stderr);
        Assert.Contains(expectedUri, oneLine.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientConfig_RoutedAptRepository_SuiteReadFromNexusSettings()
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await ProvisioningNexus.StartAsync();
        nexus.Repositories["apt-trixie"] = JsonNode.Parse("""{"name":"apt-trixie","format":"apt","online":true,"storage":{"blobStoreName":"default","writePolicy":"ALLOW_ONCE"},"apt":{"distribution":"trixie"},"aptSigning":{"keypair":"-----BEGIN PGP PRIVATE KEY BLOCK-----\nsecret-key-from-nexus\n-----END PGP PRIVATE KEY BLOCK-----"}}""")!.AsObject();
        nexus.PublicKeys["apt-trixie"] = key.Armored;
        using var dir = new TempDir();
        var config = dir.Write("nexus-push.json", """{"repositories": {"apt": "apt-trixie"}}""");

        var run = await CliRun.RunAsync(["client-config", "--config", config], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"URIs: {nexus.Url}repository/apt-trixie\nSuites: trixie\nComponents: main\nSigned-By: /etc/apt/keyrings/apt-trixie.gpg", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"deb [signed-by=/etc/apt/keyrings/apt-trixie.gpg] {nexus.Url}repository/apt-trixie trixie main", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN PGP PUBLIC KEY BLOCK-----", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-from-nexus", run.Stdout + run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("auth.conf", run.Stdout, StringComparison.Ordinal); // anonymous read is on
    }

    [Fact]
    public async Task ClientConfig_PrintedArmoredKey_IsTheKeyGpgReads()
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.PublicKeys["apt-bookworm"] = key.Binary;
        using var dir = new TempDir();

        var run = await CliRun.RunAsync(["client-config", "--config", fixture.ConfigPath, "-r", "apt-bookworm"], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        var start = run.Stdout.IndexOf("-----BEGIN PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal);
        var end = run.Stdout.IndexOf("-----END PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal);
        var armored = dir.Write("printed.asc", run.Stdout[start..(end + 35)]);
        var shown = await GpgTestKey.ShowKeysAsync(armored);
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("Nexus Push Test", shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientConfig_AnonymousReadOff_AuthConfWithPlaceholdersOnly_Mode600()
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.PublicKeys["apt-bookworm"] = key.Armored;
        nexus.AnonymousRead = false;
        using var output = new TempDir();

        var run = await CliRun.RunAsync(["client-config", "--config", fixture.ConfigPath, "-r", "apt-bookworm", "--write", output.Path], nexus.Env());

        Assert.Equal(0, run.ExitCode);
        var auth = Path.Combine(output.Path, "apt-bookworm.auth.conf");
        var text = await File.ReadAllTextAsync(auth, TestContext.Current.CancellationToken);
        Assert.Contains($"machine 127.0.0.1:{new Uri(nexus.Url).Port}/repository/apt-bookworm\nlogin USERNAME\npassword PASSWORD", text, StringComparison.Ordinal);
        Assert.Contains("/etc/apt/auth.conf.d/apt-bookworm.conf", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ProvisioningNexus.Password, run.Stdout + text, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(auth));
        }
    }

    [Fact]
    public async Task ClientConfig_OtherFormats_RepoPipNpmNuGetRaw()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();
        nexus.Repositories["npm-hosted"] = JsonNode.Parse("""{"name":"npm-hosted","format":"npm"}""")!.AsObject();
        nexus.Repositories["nuget-hosted"] = JsonNode.Parse("""{"name":"nuget-hosted","format":"nuget"}""")!.AsObject();
        nexus.AnonymousRead = false;
        var repo = nexus.Url + "repository/";

        var run = await CliRun.RunAsync(["client-config", "--config", fixture.ConfigPath, "-r", "yum-el8", "-r", "pypi-hosted", "-r", "raw-hosted", "-r", "npm-hosted", "-r", "nuget-hosted"], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"[yum-el8]\nname=yum-el8 (Nexus)\nbaseurl={repo}yum-el8/$releasever/$basearch/\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("gpgcheck=0\nrepo_gpgcheck=0\n", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("repo_gpgcheck=1", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Hosted yum repositories cannot sign their repodata", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"[global]\nindex-url = {repo}pypi-hosted/simple\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"registry={repo}npm-hosted/\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"<add key=\"nuget-hosted\" value=\"{repo}nuget-hosted/index.json\" protocolVersion=\"3\" allowInsecureConnections=\"true\" />", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"\n{repo}raw-hosted/\n", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("username=USERNAME\npassword=PASSWORD", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(ProvisioningNexus.Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientConfig_YumDepthFromNexus_WhenNotDeclared()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        nexus.Repositories["yum-flat"] = JsonNode.Parse("""{"name":"yum-flat","format":"yum","yum":{"repodataDepth":1}}""")!.AsObject();

        var run = await CliRun.RunAsync(["client-config", "-r", "yum-flat"], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"baseurl={nexus.Url}repository/yum-flat/$releasever/\n", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientConfig_AptWithoutKey_Exits2Saying()
    {
        await using var nexus = await ProvisioningNexus.StartAsync();
        using var fixture = new SetupFixture();

        var run = await CliRun.RunAsync(["client-config", "--config", fixture.ConfigPath, "-r", "apt-bookworm"], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Nexus serves no signing key for apt repository 'apt-bookworm'", run.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> AptPrintUrisAsync(string sourceList, string sourceParts)
    {
        using var state = new TempDir();
        Directory.CreateDirectory(Path.Combine(state.Path, "lists", "partial"));
        return await RealTool.RunAsync(
            "apt-get",
            "-o", $"Dir::Etc::SourceList={sourceList}",
            "-o", $"Dir::Etc::SourceParts={sourceParts}",
            "-o", $"Dir::State::Lists={Path.Combine(state.Path, "lists")}",
            "-o", $"Dir::Cache={Path.Combine(state.Path, "cache")}",
            "-o", "Debug::NoLocking=1",
            "--print-uris",
            "update");
    }
}
