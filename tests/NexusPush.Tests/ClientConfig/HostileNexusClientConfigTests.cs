using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.ClientConfig;

/// <summary>
/// <c>client-config</c> against a Nexus that answers what a compromised or misconfigured one could (docs/nexus-contract.md
/// §9.2, §10): what the server says is input, so a bad name, distribution, depth or key refuses the repository (exit 2,
/// one sentence) and writes nothing, and the files written are checked with the real apt-get, gpg and dotnet restore.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HostileNexusClientConfigTests
{
    private const string PrivateKeySentence = "Nexus served a private key as repository-key.gpg: do not distribute it; rotate the apt signing key";
    private const string NotAKeySentence = "with something that is not an OpenPGP public key";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Write_LinkPlantedAtTheTarget_IsReplacedNeverFollowed()
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["raw-x"] = "raw";
        using var dir = new TempDir();
        var victim = dir.Write("victim.txt", "the victim's own text\n");
        var output = Directory.CreateDirectory(Path.Combine(dir.Path, "out")).FullName;
        File.CreateSymbolicLink(Path.Combine(output, "raw-x.raw.txt"), victim);

        var run = await CliRun.RunAsync(["client-config", "-r", "raw-x", "--write", output], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("the victim's own text\n", await File.ReadAllTextAsync(victim, Token));
        var written = new FileInfo(Path.Combine(output, "raw-x.raw.txt"));
        Assert.Null(written.LinkTarget);
        Assert.Contains($"{nexus.Url}repository/raw-x/", await File.ReadAllTextAsync(written.FullName, Token), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(written.FullName));
    }

    [Fact]
    public async Task Write_LinkToAScriptAtAPrivateTarget_ScriptKeepsItsContentAndMode()
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["npm-x"] = "npm";
        nexus.AnonymousRead = false;
        using var dir = new TempDir();
        var script = dir.Write("script.sh", "#!/bin/sh\necho hi\n");
        var executable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(script, executable);
        var output = Directory.CreateDirectory(Path.Combine(dir.Path, "out")).FullName;
        File.CreateSymbolicLink(Path.Combine(output, "npm-x.npmrc"), script);

        var run = await CliRun.RunAsync(["client-config", "-r", "npm-x", "--write", output], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("#!/bin/sh\necho hi\n", await File.ReadAllTextAsync(script, Token));
        Assert.Equal(executable, File.GetUnixFileMode(script));
        var npmrc = Path.Combine(output, "npm-x.npmrc");
        Assert.Null(new FileInfo(npmrc).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(npmrc));
    }

    [Fact]
    public async Task Write_DirectoryNamedAsALink_FilesGoIntoTheFolderItNames()
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["raw-x"] = "raw";
        using var dir = new TempDir();
        var real = Directory.CreateDirectory(Path.Combine(dir.Path, "real")).FullName;
        var link = Path.Combine(dir.Path, "client");
        Directory.CreateSymbolicLink(link, real);

        var run = await CliRun.RunAsync(["client-config", "-r", "raw-x", "--write", link], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.True(File.Exists(Path.Combine(real, "raw-x.raw.txt")));
        Assert.NotNull(new DirectoryInfo(link).LinkTarget); // followed, not replaced
    }

    [Fact]
    public async Task Write_DirectoryIsAFile_Exits2AndLeavesItAlone()
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["raw-x"] = "raw";
        using var dir = new TempDir();
        var file = dir.Write("client", "not a folder\n");

        var run = await CliRun.RunAsync(["client-config", "-r", "raw-x", "--write", file], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a directory", run.Stderr, StringComparison.Ordinal);
        Assert.Equal("not a folder\n", await File.ReadAllTextAsync(file, Token));
    }

    [Theory]
    [InlineData("bookworm\\nComponents: main\\n\\nTypes: deb\\nURIs: http://evil.example/\\nSuites: stable\\nTrusted: yes", @"'bookworm\nComponents: main\n\nTypes: deb")]
    [InlineData("bookworm main", "'bookworm main'")]
    [InlineData("bookworm\\t", @"'bookworm\t'")]
    [InlineData("book\\u001b[2Jworm", @"'book\033[2Jworm'")]
    [InlineData("", "''")]
    public async Task AptDistributionFromNexus_NotAFieldValue_RefusedAndNothingWritten(string jsonDistribution, string shown)
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["apt-x"] = "apt";
        nexus.HostedSettings["apt-x"] = $$$"""{"name":"apt-x","format":"apt","apt":{"distribution":"{{{jsonDistribution}}}"}}""";
        nexus.Keys["apt-x"] = key.Binary;
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "out");

        var run = await CliRun.RunAsync(["client-config", "-r", "apt-x", "--write", output], nexus.Env());
        var printed = await CliRun.RunAsync(["client-config", "-r", "apt-x"], nexus.Env());

        AssertRefusedNothingWritten(run, output, shown);
        Assert.Contains("from Nexus's hosted settings (apt.distribution)", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.Stderr);
        Assert.Equal(2, printed.ExitCode);
        Assert.DoesNotContain("Types: deb", printed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AptDistributionDeclared_WithANewline_RefusedNamingTheConfigFile()
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Keys["apt-x"] = key.Binary;
        using var dir = new TempDir();
        dir.Write("keys/k.asc", "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nx\n-----END PGP PRIVATE KEY BLOCK-----\n");
        var config = dir.Write("nexus-push.json", """
            { "setup": { "repositories": [
              { "name": "apt-x", "format": "apt", "blobStore": "default", "distribution": "bookworm\nTrusted: yes", "signingKeyFile": "keys/k.asc" } ] } }
            """);

        var run = await CliRun.RunAsync(["client-config", "--config", config, "--write", Path.Combine(dir.Path, "out")], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'bookworm\\nTrusted: yes'", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("config file", run.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
    }

    [Fact]
    public async Task RepositoryNameFromTheConfigFile_ClimbingOutOfDir_RefusedNothingWrittenOutside()
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["../../escaped"] = "raw";
        using var dir = new TempDir();
        var config = dir.Write("nexus-push.json", """{"repositories": {"raw": "../../escaped"}}""");
        var output = Path.Combine(dir.Path, "a", "b", "out");

        var run = await CliRun.RunAsync(["client-config", "--config", config, "--write", output], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'../../escaped'", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*escaped*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("../../escaped-r", "raw")]
    [InlineData("yum-x]\n[evil]\nbaseurl=http://evil.example/", "yum")]
    [InlineData("nuget\"x", "nuget")]
    public async Task RepositoryNameFromDashR_NotANexusName_RefusedBeforeAnyRequestForIt(string name, string format)
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats[name] = format;
        nexus.HostedSettings[name] = """{"yum":{"repodataDepth":0}}""";
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "a", "b", "out");

        var run = await CliRun.RunAsync(["client-config", "-r", name, "--write", output], nexus.Env());

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not a Nexus repository name", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("-r", run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain(nexus.Requests, r => r.Path.StartsWith("/repository/", StringComparison.Ordinal) || r.Path.StartsWith("/service/rest/v1/repositories/", StringComparison.Ordinal));
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dir.Path, "*", SearchOption.AllDirectories), File.Exists);
    }

    public static TheoryData<string> PrivateKeys => ["secret binary", "secret armored", "secret armored relabelled public", "public then secret"];

    [Theory]
    [MemberData(nameof(PrivateKeys))]
    public async Task RepositoryKey_APrivateKey_RefusedNeverWrittenNorPrinted(string served)
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["apt-x"] = "apt";
        nexus.HostedSettings["apt-x"] = """{"apt":{"distribution":"bookworm"}}""";
        nexus.Keys["apt-x"] = served switch
        {
            "secret binary" => key.SecretBinary,
            "secret armored" => key.SecretArmored,
            "secret armored relabelled public" => Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(key.SecretArmored).Replace("PRIVATE KEY BLOCK", "PUBLIC KEY BLOCK", StringComparison.Ordinal)),
            _ => [.. key.Binary, .. key.SecretBinary],
        };
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "out");

        var written = await CliRun.RunAsync(["client-config", "-r", "apt-x", "--write", output], nexus.Env());
        var printed = await CliRun.RunAsync(["client-config", "-r", "apt-x"], nexus.Env());

        AssertRefusedNothingWritten(written, output, PrivateKeySentence);
        Assert.Contains("'apt-x'", written.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, printed.ExitCode);
        Assert.Contains(PrivateKeySentence, printed.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN PGP", printed.Stdout, StringComparison.Ordinal);
    }

    public static TheoryData<string> NotKeys => ["bom html", "0x99 junk", "truncated", "trailing html", "armored html", "user id only"];

    [Theory]
    [MemberData(nameof(NotKeys))]
    public async Task RepositoryKey_NotOpenPgp_RefusedNothingWritten(string served)
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["apt-x"] = "apt";
        nexus.HostedSettings["apt-x"] = """{"apt":{"distribution":"bookworm"}}""";
        nexus.Keys["apt-x"] = served switch
        {
            "bom html" => [0xEF, 0xBB, 0xBF, .. "<html><body>Sign in</body></html>"u8],
            "0x99 junk" => [0x99, .. "junk that is no key at all"u8],
            "truncated" => key.Binary[..^5],
            "trailing html" => [.. key.Binary, .. "<html></html>"u8],
            "armored html" => "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n<html>\n-----END PGP PUBLIC KEY BLOCK-----\n"u8.ToArray(),
            _ => [0xB4, 0x04, .. "user"u8], // a user id packet with no key before it
        };
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "out");

        var run = await CliRun.RunAsync(["client-config", "-r", "apt-x", "--write", output], nexus.Env());

        AssertRefusedNothingWritten(run, output, NotAKeySentence);
    }

    [Fact]
    public async Task RepositoryKey_PublicKeyArmored_WrittenAsTheKeyringGpgShows()
    {
        var key = await GpgTestKey.GetAsync();
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["apt-x"] = "apt";
        nexus.HostedSettings["apt-x"] = """{"apt":{"distribution":"bookworm"}}""";
        nexus.Keys["apt-x"] = key.Armored;
        using var dir = new TempDir();

        var run = await CliRun.RunAsync(["client-config", "-r", "apt-x", "--write", dir.Path], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        var keyring = Path.Combine(dir.Path, "apt-x.gpg");
        Assert.Equal(key.Binary, await File.ReadAllBytesAsync(keyring, Token));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(keyring));
        var shown = await GpgTestKey.ShowKeysAsync(keyring);
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("pub:", shown.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("sec:", shown.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99")]
    [InlineData("-3")]
    [InlineData("6")]
    [InlineData("\"2\"")]
    [InlineData("1.5")]
    public async Task YumDepthFromNexus_OutsideZeroToFive_RefusedNothingWritten(string depth)
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["yum-x"] = "yum";
        nexus.HostedSettings["yum-x"] = $$$"""{"yum":{"repodataDepth":{{{depth}}}}}""";
        using var dir = new TempDir();
        var output = Path.Combine(dir.Path, "out");

        var run = await CliRun.RunAsync(["client-config", "-r", "yum-x", "--write", output], nexus.Env());

        AssertRefusedNothingWritten(run, output, "yum.repodataDepth");
        Assert.Contains("0 to 5", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task YumDepthFromNexus_Five_BaseurlHasFiveSegments()
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["yum-x"] = "yum";
        nexus.HostedSettings["yum-x"] = """{"yum":{"repodataDepth":5}}""";

        var run = await CliRun.RunAsync(["client-config", "-r", "yum-x"], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains($"baseurl={nexus.Url}repository/yum-x/$releasever/$basearch/FOLDER3/FOLDER4/FOLDER5/\n", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NuGetConfig_NameStartingWithADigit_WellFormedWithClearAndMode(bool anonymousRead)
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["3rdparty-nuget"] = "nuget";
        nexus.AnonymousRead = anonymousRead;
        using var dir = new TempDir();

        var run = await CliRun.RunAsync(["client-config", "-r", "3rdparty-nuget", "--write", dir.Path], nexus.Env());

        Assert.True(run.ExitCode == 0, run.Stderr);
        var path = Path.Combine(dir.Path, "3rdparty-nuget.nuget.config");
        var document = XDocument.Load(path);
        var sources = document.Root!.Element("packageSources")!;
        Assert.Equal(["clear", "add"], sources.Elements().Select(e => e.Name.LocalName));
        var add = sources.Element("add")!;
        Assert.Equal("3rdparty-nuget", (string?)add.Attribute("key"));
        Assert.Equal($"{nexus.Url}repository/3rdparty-nuget/index.json", (string?)add.Attribute("value"));
        Assert.Equal("true", (string?)add.Attribute("allowInsecureConnections")); // the fake is http://
        Assert.Contains(sources.Nodes().OfType<XComment>(), c => c.Value.Contains("http://", StringComparison.Ordinal));
        var credentials = document.Root.Element("packageSourceCredentials");
        if (anonymousRead)
        {
            Assert.Null(credentials);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(path));
        }
        else
        {
            Assert.Equal("3rdparty-nuget", XmlConvert.DecodeName(credentials!.Elements().Single().Name.LocalName));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task NuGetConfig_HttpNexusWithCredentials_RealDotnetRestoreInstallsThePackage()
    {
        await using var nexus = await HostileNexus.StartAsync();
        nexus.Formats["3rdparty-nuget"] = "nuget";
        nexus.AnonymousRead = false;
        nexus.Packages[("fake.client.pkg", "1.0.0")] = Nupkg("Fake.Client.Pkg", "1.0.0");
        using var dir = new TempDir();

        var run = await CliRun.RunAsync(["client-config", "-r", "3rdparty-nuget", "--write", dir.Path], nexus.Env());
        Assert.True(run.ExitCode == 0, run.Stderr);

        // The user fills in the placeholders, as the file's comment says.
        var config = Path.Combine(dir.Path, "3rdparty-nuget.nuget.config");
        await File.WriteAllTextAsync(config, (await File.ReadAllTextAsync(config, Token)).Replace("\"USERNAME\"", $"\"{HostileNexus.User}\"", StringComparison.Ordinal).Replace("\"PASSWORD\"", $"\"{HostileNexus.Password}\"", StringComparison.Ordinal), Token);
        var project = dir.Write("app/app.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><NuGetAudit>false</NuGetAudit></PropertyGroup>
              <ItemGroup><PackageReference Include="Fake.Client.Pkg" Version="1.0.0" /></ItemGroup>
            </Project>
            """);
        var packages = Path.Combine(dir.Path, "packages");

        var restore = await DotnetAsync(dir.Path, new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages }, "restore", project, "--configfile", config);

        Assert.True(restore.ExitCode == 0, restore.Stdout + restore.Stderr);
        Assert.True(File.Exists(Path.Combine(packages, "fake.client.pkg", "1.0.0", "fake.client.pkg.nuspec")), restore.Stdout);
        Assert.Contains(nexus.Requests, r => r.Path.EndsWith(".nupkg", StringComparison.Ordinal) && r.Authorized);
    }

    /// <summary>Exit 2 with one line of stderr holding <paramref name="sentence"/>, and no file in <paramref name="output"/>.</summary>
    private static void AssertRefusedNothingWritten(CliOutcome run, string output, string sentence)
    {
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(sentence, run.Stderr, StringComparison.Ordinal);
        Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any());
    }

    /// <summary>A minimal package: the nuspec is all restore needs to extract and use one.</summary>
    private static byte[] Nupkg(string id, string version)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var nuspec = new StreamWriter(zip.CreateEntry(id + ".nuspec").Open());
            nuspec.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{version}</version><authors>test</authors><description>test</description></metadata>
                </package>
                """);
        }

        return buffer.ToArray();
    }

    /// <summary>The real dotnet, without the test host's MSBuild variables (they would point the child at this build).</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> DotnetAsync(string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var start = new System.Diagnostics.ProcessStartInfo(dotnet) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("DOTNET_", StringComparison.Ordinal) && k != "DOTNET_ROOT").ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromSeconds(120), Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
