using System.CommandLine;
using NexusPush.Configuration;
using NexusPush.Formats;
using NexusPush.Planning;
using NexusPush.Preflight;

namespace NexusPush.Cli;

/// <summary>
/// <c>nexus-push check</c>: the preflight on its own, with the configuration the other verbs use. Exit 0 when all is
/// well, 3 for credentials, 2 for anything else. With -v it also shows the effective settings and where
/// each came from (secrets redacted).
/// </summary>
internal static class CheckCommand
{
    /// <summary>The preflight sends its reads after /status together (<see cref="NexusPreflight"/>): a few connections, not one.</summary>
    internal const int Connections = 4;

    public static Command Create(CliContext context)
    {
        var repository = new Option<string[]>("--repository", "-r")
        {
            Description = "A repository to check (exists, hosted, readable); repeat for several.",
            HelpName = "NAME",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var routes = new RouteOptions();
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "Config file whose url, username, repositories and rules to check (default: ./nexus-push.json when present).",
            HelpName = "FILE",
        };
        var command = new Command("check", """
            Check the configuration against Nexus before a real run: Nexus answers and is writable, its version and
            edition, the credentials are accepted, and each repository given exists, is hosted, has the expected
            format and can be read.

            Examples:
              NEXUS_URL=https://nexus.example.com/ NEXUS_USERNAME=ci NEXUS_PASSWORD=... nexus-push check -r raw-hosted
              nexus-push check --apt-repository apt-hosted --yum-repository yum-hosted --output json
              nexus-push check -v --ca-file /etc/pki/internal-ca.pem
              nexus-push check --config migration.json -v

            """ + ExitCodeHelp.Check)
        {
            repository,
            config,
        };
        foreach (var option in routes.All.Concat(context.Options.Connection).Append(context.Options.Output).Append(context.Options.FallbackDir).Concat(context.Options.Logging))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = context.Bound(new CheckSettings(RunSettings.Bind(parse, context.Options, Connections), parse.GetValue(repository) ?? [], routes.Resolve(parse), parse.GetValue(config)?.FullName));
            return await RunAsync(context, settings, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, CheckSettings settings, CancellationToken cancellationToken)
    {
        // Same configuration as sync-dir: flags > environment > config file.
        var file = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
        var routing = SyncRouting.From(file, settings.FlagRoutes, rawDirectory: null, yumDirectory: null);
        var expectations = settings.Repositories
            .Where(name => name.Trim().Length > 0)
            .Select(name => new RepositoryExpectation(name.Trim(), null, "--repository"))
            .Concat(RoutingExpectations.Of(routing, settings.FlagRoutes))
            .ToList();

        using var session = new RunSession(context, settings.Run, file.Connection);
        var client = session.Connect();
        var options = session.NexusOptions!;
        var json = settings.Run.Output.Format == OutputFormat.Json;
        var effective = settings.Run.Output.Verbose
            ? EffectiveSettings.Collect(settings.Run.Connection, context.Environment, options, routing, settings.FlagRoutes, file.SourcePath is { } path ? (path, settings.ConfigPath is not null) : null)
            : null;
        if (effective is not null && !json)
        {
            EffectiveSettings.WriteText(context.Stdout, effective);
        }

        var result = await new NexusPreflight(client, options).RunAsync(expectations, cancellationToken);
        if (settings.Run.Transfer.FallbackDir is { } fallbackFolder)
        {
            result.Add(FallbackFolderCheck.Run(fallbackFolder, result));
        }

        if (expectations.Count == 0)
        {
            result.Add(PreflightCheck.Skip("repositories", "none given; add -r NAME or --apt-repository NAME (etc.) to check the repositories a run will use."));
        }

        await Setup.SetupChecks.AddAsync(result, file.Setup, client, context.Environment, cancellationToken);

        if (json)
        {
            PreflightReport.WriteJson(context.Stdout, result, effective);
        }
        else
        {
            PreflightReport.WriteText(context.Stdout, result);
        }

        return result.ExitCode;
    }
}

/// <summary><c>check</c>'s options, read once.</summary>
/// <param name="Run">The shared options.</param>
/// <param name="Repositories">The <c>-r</c> names.</param>
/// <param name="FlagRoutes">The per-format repositories given as flags (the rest come from the config file).</param>
/// <param name="ConfigPath"><c>--config</c> as a full path; null for ./nexus-push.json when present.</param>
internal sealed record CheckSettings(RunSettings Run, IReadOnlyList<string> Repositories, IReadOnlyDictionary<ArtifactFormat, string> FlagRoutes, string? ConfigPath);
