using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NexusPush.Configuration;
using NexusPush.Nexus;
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
            // Same configuration as sync-dir: flags > environment > config file.
            var file = ConfigLoader.Load(parse.GetValue(config)?.FullName, Directory.GetCurrentDirectory());
            var flagRoutes = routes.Resolve(parse);
            var routing = SyncRouting.From(file, flagRoutes, rawDirectory: null, yumDirectory: null);
            var expectations = (parse.GetValue(repository) ?? [])
                .Where(name => name.Trim().Length > 0)
                .Select(name => new RepositoryExpectation(name.Trim(), null, "--repository"))
                .Concat(RoutingExpectations.Of(routing, flagRoutes))
                .ToList();

            using var logging = context.CreateLogging(parse);
            var connection = new ConnectionResolver(context.Options, context.Environment, file.Connection);
            // The preflight sends its reads after /status together (NexusPreflight): a few connections, not one.
            await using var services = NexusServices.Build(connection.Resolve(parse, logging.CreateLogger("nexus-push"), maxConnections: 4), logging, context.TimeProvider);
            var options = services.GetRequiredService<NexusOptions>();
            var json = parse.GetValue(context.Options.Output) == OutputFormat.Json;
            var settings = parse.GetValue(context.Options.Verbose) ? EffectiveSettings.Collect(parse, context, options, routing, flagRoutes, file.SourcePath is { } path ? (path, parse.GetValue(config) is not null) : null) : null;
            if (settings is not null && !json)
            {
                EffectiveSettings.WriteText(context.Stdout, settings);
            }

            var result = await new NexusPreflight(services.GetRequiredService<NexusClient>(), options).RunAsync(expectations, cancellationToken);
            if (parse.GetValue(context.Options.FallbackDir) is { Length: > 0 } fallbackFolder)
            {
                result.Add(FallbackFolderCheck.Run(fallbackFolder, result));
            }

            if (expectations.Count == 0)
            {
                result.Add(PreflightCheck.Skip("repositories", "none given; add -r NAME or --apt-repository NAME (etc.) to check the repositories a run will use."));
            }

            await Setup.SetupChecks.AddAsync(result, file.Setup, services.GetRequiredService<NexusClient>(), context.Environment, cancellationToken);

            if (json)
            {
                PreflightReport.WriteJson(context.Stdout, result, settings);
            }
            else
            {
                PreflightReport.WriteText(context.Stdout, result);
            }

            return result.ExitCode;
        });
        return command;
    }
}
