using System.CommandLine;
using System.Text;
using NexusPush.ClientConfig;
using NexusPush.Configuration;
using NexusPush.Nexus;

namespace NexusPush.Cli;

/// <summary>
/// <c>nexus-push client-config</c>: how a client machine installs from each declared or routed repository (apt
/// sources and keyring, yum .repo, pip.conf, .npmrc, nuget.config, raw URL prefix), printed or written as files.
/// Read-only on Nexus. Credentials only ever appear as placeholders.
/// </summary>
internal static class ClientConfigCommand
{
    /// <summary>One repository after another, so one connection.</summary>
    internal const int Connections = 1;

    public static Command Create(CliContext context)
    {
        var config = new Option<FileInfo?>("--config", "-c")
        {
            Description = "Config file whose declared and routed repositories to describe (default: ./nexus-push.json when present).",
            HelpName = "FILE",
        };
        var repository = new Option<string[]>("--repository", "-r")
        {
            Description = "Only this repository; repeat for several.",
            HelpName = "NAME",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var write = new Option<DirectoryInfo?>("--write")
        {
            Description = "Write the files into this directory (created if needed) instead of printing them.",
            HelpName = "DIR",
        };
        var command = new Command("client-config", """
            Print (or, with --write DIR, write) what a client machine needs to install from each repository the
            config file declares or routes to: for apt the keyring (fetched from Nexus's repository-key.gpg), a
            deb822 .sources file and the one-line form; for yum a .repo file; pip.conf, .npmrc, nuget.config; for
            raw the download URL prefix. Credentials appear only as placeholders.

            Examples:
              nexus-push client-config
              nexus-push client-config -r apt-bookworm --write ./client
            """)
        {
            config,
            repository,
            write,
        };
        foreach (var option in context.Options.Connection.Concat(context.Options.Logging))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = context.Bound(new ClientConfigSettings(RunSettings.Bind(parse, context.Options, Connections), parse.GetValue(config)?.FullName, parse.GetValue(repository) ?? [], parse.GetValue(write)));
            var file = ConfigLoader.Load(settings.ConfigPath, Directory.GetCurrentDirectory());
            var names = Names(settings.Repositories, file);
            if (names.Count == 0)
            {
                throw new UsageException("No repository to describe: pass -r NAME, or a config file that routes to or declares repositories.");
            }

            using var session = new RunSession(context, settings.Run, file.Connection);
            var client = session.Connect();
            var resolver = new ClientRepositoryResolver(client, session.NexusOptions!.BaseUrl, file.Setup);
            foreach (var name in names)
            {
                var files = ClientFiles.For(await resolver.ResolveAsync(name, cancellationToken));
                if (settings.WriteTo is null)
                {
                    Print(context.Stdout, name, files);
                }
                else
                {
                    Write(context.Stdout, settings.WriteTo, files);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>-r names, else the declared repositories and then those the routing names, each once.</summary>
    private static List<string> Names(IReadOnlyList<string> given, SyncConfig file)
    {
        var names = given.Count > 0
            ? given
            : file.Setup.Repositories.Select(r => r.Name)
                .Concat(file.Repositories.Values)
                .Concat(file.Rules.Select(r => r.Repository).OfType<string>());
        return names.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Print(TextWriter output, string name, IReadOnlyList<ClientFile> files)
    {
        output.WriteLine($"## {name}");
        foreach (var file in files)
        {
            output.WriteLine();
            if (file.IsText)
            {
                output.WriteLine($"# {file.FileName} → {file.InstallTo}");
                output.Write(Encoding.UTF8.GetString(file.Content));
            }
            else
            {
                output.WriteLine($"# {file.FileName} → {file.InstallTo}: the signing key, armored here; save it and run 'gpg --dearmor' on it (or use --write DIR, which writes it binary).");
                output.Write(OpenPgpArmor.ToArmored(file.Content));
            }
        }

        output.WriteLine();
    }

    private static void Write(TextWriter output, DirectoryInfo directory, IReadOnlyList<ClientFile> files)
    {
        try
        {
            directory.Create();
            foreach (var file in files)
            {
                var path = Path.Combine(directory.FullName, file.FileName);
                File.WriteAllBytes(path, file.Content);
                if (file.Private && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                output.WriteLine($"wrote {path} (install to {file.InstallTo})");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot write the client files to {directory.FullName}: {e.Message}");
        }
    }
}

/// <summary><c>client-config</c>'s options, read once.</summary>
/// <param name="Run">The shared options.</param>
/// <param name="ConfigPath"><c>--config</c> as a full path; null for ./nexus-push.json when present.</param>
/// <param name="Repositories">The <c>-r</c> names; empty for every declared or routed one.</param>
/// <param name="WriteTo"><c>--write</c>; null to print.</param>
internal sealed record ClientConfigSettings(RunSettings Run, string? ConfigPath, IReadOnlyList<string> Repositories, DirectoryInfo? WriteTo);
