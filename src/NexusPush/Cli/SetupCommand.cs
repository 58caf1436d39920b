using System.CommandLine;
using NexusPush.Configuration;
using NexusPush.Nexus;
using NexusPush.Preflight;
using NexusPush.Setup;

namespace NexusPush.Cli;

/// <summary>
/// <c>nexus-push setup</c>: creates or brings in line the blob stores and hosted repositories the config file's
/// "setup" section declares. Exit 0 done (or nothing to do), 2 a declaration or Nexus refusal problem, 3
/// credentials or privileges refused.
/// </summary>
internal static class SetupCommand
{
    /// <summary>One object after another, so one connection.</summary>
    internal const int Connections = 1;

    public static Command Create(CliContext context)
    {
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "Config file whose \"setup\" section to apply (default: ./nexus-push.json).",
            HelpName = "FILE",
        };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print what would be created or updated, and send no write." };
        var updateSecrets = new Option<bool>("--update-secrets")
        {
            Description = "Also send the S3 secret key to existing blob stores (Nexus never returns it, so it cannot be compared).",
        };
        var command = new Command("setup", """
            Create the S3 blob stores and hosted repositories the config file declares under "setup", and bring
            existing ones in line: only the declared settings are changed, nothing is deleted or renamed. Secrets
            come from the environment variables and key files the declaration names. Run it again: an object that
            already matches is left alone. Everything Nexus would refuse that can be known first (names, blob
            stores, formats, secrets) stops the run before its first write, and --dry-run refuses the same. Needs
            an administrator (nx-admin, or the nexus:blobstores:* and nexus:repository-admin:* privileges). Exit 0
            done, 2 declaration or Nexus refusal, 3 credentials refused.

            Examples:
              NEXUS_URL=https://nexus.example.com/ NEXUS_USERNAME=admin NEXUS_PASSWORD=... nexus-push setup --dry-run
              S3_ACCESS_KEY_ID=... S3_SECRET_ACCESS_KEY=... APT_KEY_PASSPHRASE=... nexus-push setup --config nexus-push.json
            """)
        {
            config,
            dryRun,
            updateSecrets,
        };
        foreach (var option in context.Options.Connection.Concat(context.Options.Logging))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = context.Bound(new SetupSettings(RunSettings.Bind(parse, context.Options, Connections), parse.GetValue(config)?.FullName, parse.GetValue(dryRun), parse.GetValue(updateSecrets)));
            var file = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
            if (file.Setup.IsEmpty)
            {
                throw new UsageException($"{file.SourcePath ?? ConfigLoader.DefaultFileName} declares nothing to set up; add a \"setup\" section with \"blobStores\" and \"repositories\" (see README, \"Setting Nexus up\").");
            }

            using var session = new RunSession(context, settings.Run, file.Connection);
            var client = session.Connect();
            var server = await ServerAsync(client, cancellationToken);

            var secrets = new SetupSecrets(context.Environment);
            var counts = await new SetupRunner(client, secrets, context.Stdout).RunAsync(file.Setup, server?.Version, settings.DryRun, settings.UpdateSecrets, cancellationToken);
            context.Stdout.WriteLine(settings.DryRun
                ? $"dry run: {counts.Created} to create, {counts.Updated} to update, {counts.Unchanged} unchanged; nothing was sent to Nexus."
                : $"setup: {counts.Created} created, {counts.Updated} updated, {counts.Unchanged} unchanged.");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The status probe: the credentials are accepted, and the <c>Server</c> header says which request bodies this Nexus takes.</summary>
    private static async Task<ServerIdentity?> ServerAsync(NexusClient client, CancellationToken cancellationToken)
    {
        NexusProbe probe;
        try
        {
            probe = await client.ProbeAsync("service/rest/v1/status", cancellationToken);
        }
        catch (NexusRequestException e)
        {
            throw e.AsRunError();
        }

        return probe.Failure is { } failure ? throw failure.AsRunError() : ServerIdentity.Parse(probe.Server);
    }
}

/// <summary><c>setup</c>'s options, read once.</summary>
/// <param name="Run">The shared options.</param>
/// <param name="ConfigPath"><c>--config</c> as a full path; null for ./nexus-push.json.</param>
/// <param name="DryRun"><c>--dry-run</c>.</param>
/// <param name="UpdateSecrets"><c>--update-secrets</c>.</param>
internal sealed record SetupSettings(RunSettings Run, string? ConfigPath, bool DryRun, bool UpdateSecrets);
