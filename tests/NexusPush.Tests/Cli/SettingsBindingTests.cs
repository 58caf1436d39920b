using System.CommandLine;
using NexusPush.Cli;
using NexusPush.Formats;
using NexusPush.Progress;
using NexusPush.Runs;

namespace NexusPush.Tests.Cli;

/// <summary>
/// What each verb binds from its command line at the top of its handler: the defaults, one value given, and
/// <c>--parallel</c> read once for the executor, the comparison and the connection pool.
/// </summary>
public sealed class SettingsBindingTests
{
    [Fact]
    public async Task Upload_Defaults()
    {
        var settings = await BindAsync<UploadSettings>("upload", "f.txt", "-r", " raw-hosted ");

        Assert.Equal(["f.txt"], settings.Request.Files);
        Assert.Equal("raw-hosted", settings.Request.Repository);
        Assert.Null(settings.Request.Format);
        Assert.False(settings.DryRun);
        Assert.True(settings.Checks.Preflight);
        Assert.Null(settings.Checks.WaitIndex);
        Assert.Equal("upload", settings.Run.Verb);
        Assert.Equal(8, settings.Run.Transfer.Parallel);
        Assert.True(settings.Run.Transfer.Verify);
        Assert.Equal(ConflictPolicy.Fail, settings.Run.Transfer.OnConflict);
        Assert.Null(settings.Run.Transfer.FallbackDir);
        Assert.Equal(8, settings.Run.Connection.MaxConnections);
        Assert.Equal(5, settings.Run.Connection.Retries);
        Assert.Equal(TimeSpan.FromSeconds(300), settings.Run.Connection.ResponseTimeout);
        Assert.Empty(settings.Run.Connection.Given);
        Assert.Equal(OutputFormat.Text, settings.Run.Output.Format);
    }

    [Fact]
    public async Task Upload_Parallel_ReachesTheExecutorTheComparisonAndTheConnectionPool()
    {
        var settings = await BindAsync<UploadSettings>("upload", "f.txt", "-r", "raw-hosted", "-p", "3", "-f", "raw", "--no-preflight");

        Assert.Equal(3, settings.Run.Transfer.Execution(keepRelativePaths: false, TimeProvider.System).Parallel);
        Assert.Equal(3, settings.Run.Transfer.Comparison(headWhilePlanning: true).Parallelism);
        Assert.Equal(3, settings.Run.Connection.MaxConnections);
        Assert.Equal(ArtifactFormat.Raw, settings.Request.Format);
        Assert.False(settings.Checks.Preflight);
    }

    [Fact]
    public async Task SyncDir_Defaults()
    {
        var settings = await BindAsync<SyncDirSettings>("sync-dir", "out");

        Assert.Equal("out", settings.Directory);
        Assert.Empty(settings.Scan.Include);
        Assert.False(settings.Scan.FollowDirectoryLinks);
        Assert.Empty(settings.FlagRoutes);
        Assert.False(settings.DryRun);
        Assert.Equal(ProgressMode.Auto, settings.Progress);
        Assert.Null(settings.Shard);
        Assert.Null(settings.MaxRequests);
        Assert.Null(settings.Run.Transfer.Journal);
        Assert.Equal(8, settings.Run.Connection.MaxConnections);
    }

    [Fact]
    public async Task SyncDir_GivenValues()
    {
        var settings = await BindAsync<SyncDirSettings>("sync-dir", "out", "--parallel", "2", "--dry-run", "--no-progress", "--progress", "live", "--apt-repository", " apt-h ", "--follow-symlinks=outside", "--fallback-dir", "fb");

        Assert.Equal(2, settings.Run.Transfer.Parallel);
        Assert.Equal(2, settings.Run.Connection.MaxConnections);
        Assert.Equal(2, settings.Run.Transfer.Comparison(headWhilePlanning: settings.DryRun).Parallelism);
        Assert.True(settings.DryRun);
        Assert.Equal(ProgressMode.None, settings.Progress); // --no-progress wins over --progress
        Assert.Equal("apt-h", settings.FlagRoutes[ArtifactFormat.Apt]);
        Assert.True(settings.Scan.FollowLinksOutside);
        Assert.Equal("fb", settings.Run.Transfer.FallbackDir);
        Assert.NotNull(settings.Run.Transfer.Execution(keepRelativePaths: true, TimeProvider.System).Fallback);
    }

    [Fact]
    public async Task Replay_DefaultsAndParallel()
    {
        var defaults = await BindAsync<ReplaySettings>("replay", "fb");
        var given = await BindAsync<ReplaySettings>("replay", "fb", "-p", "2");

        Assert.Equal(Path.GetFullPath("fb"), defaults.Folder);
        Assert.Equal(8, defaults.Run.Connection.MaxConnections);
        Assert.Equal(2, given.Run.Transfer.Parallel);
        Assert.Equal(2, given.Run.Connection.MaxConnections);
    }

    [Fact]
    public async Task Check_ConnectionsFromItsSettings_AndTheFlagsGiven()
    {
        var defaults = await BindAsync<CheckSettings>("check");
        var given = await BindAsync<CheckSettings>("check", "-r", "a", "-r", "b", "--retries", "1", "--yum-repository", "yum-h");

        Assert.Empty(defaults.Repositories);
        Assert.Null(defaults.ConfigPath);
        Assert.Equal(CheckCommand.Connections, defaults.Run.Connection.MaxConnections);
        Assert.Equal(["a", "b"], given.Repositories);
        Assert.Equal(1, given.Run.Connection.Retries);
        Assert.Equal(["--retries"], given.Run.Connection.Given);
        Assert.Equal("yum-h", given.FlagRoutes[ArtifactFormat.Yum]);
    }

    [Fact]
    public async Task Repos_OneConnection_AndJsonOutput()
    {
        var defaults = await BindAsync<RunSettings>("repos");
        var given = await BindAsync<RunSettings>("repos", "-o", "json", "--url", "https://nexus.example.com/");

        Assert.Equal(ReposCommand.Connections, defaults.Connection.MaxConnections);
        Assert.Equal(OutputFormat.Text, defaults.Output.Format);
        Assert.Equal(OutputFormat.Json, given.Output.Format);
        Assert.Equal("https://nexus.example.com/", given.Connection.Url);
    }

    [Fact]
    public async Task Setup_DefaultsAndDryRun()
    {
        var defaults = await BindAsync<SetupSettings>("setup");
        var given = await BindAsync<SetupSettings>("setup", "--dry-run", "--config", "n.json");

        Assert.False(defaults.DryRun);
        Assert.False(defaults.UpdateSecrets);
        Assert.Null(defaults.ConfigPath);
        Assert.Equal(SetupCommand.Connections, defaults.Run.Connection.MaxConnections);
        Assert.True(given.DryRun);
        Assert.Equal(Path.GetFullPath("n.json"), given.ConfigPath);
    }

    [Fact]
    public async Task ClientConfig_DefaultsAndRepositories()
    {
        var defaults = await BindAsync<ClientConfigSettings>("client-config");
        var given = await BindAsync<ClientConfigSettings>("client-config", "-r", "apt-h", "--write", "client");

        Assert.Empty(defaults.Repositories);
        Assert.Null(defaults.WriteTo);
        Assert.Equal(ClientConfigCommand.Connections, defaults.Run.Connection.MaxConnections);
        Assert.Equal(["apt-h"], given.Repositories);
        Assert.Equal(Path.GetFullPath("client"), given.WriteTo!.FullName);
    }

    /// <summary>Parses <paramref name="args"/>, runs the verb's handler up to its binding and returns what it bound; nothing is run.</summary>
    private static async Task<T> BindAsync<T>(params string[] args)
    {
        object? bound = null;
        var context = new CliContext(TextWriter.Null, TextWriter.Null, ProcessEnvironment.FromDictionary(new Dictionary<string, string>()))
        {
            OnSettingsBound = settings =>
            {
                bound = settings;
                throw new BoundException();
            },
        };
        var parse = CliApp.BuildRoot(context).Parse(args);
        Assert.Empty(parse.Errors);

        await Assert.ThrowsAsync<BoundException>(() => parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }, TestContext.Current.CancellationToken));
        return Assert.IsType<T>(bound);
    }

    /// <summary>Stops the handler once its settings are bound.</summary>
    private sealed class BoundException : Exception;
}
