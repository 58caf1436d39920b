using System.CommandLine;
using System.Text;
using NexusPush.ClientConfig;
using NexusPush.Configuration;
using NexusPush.LocalFiles;
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
            Description = "Write the files into this directory (created if needed; a link named here is followed, links inside it are replaced) instead of printing them.",
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
            var described = new List<(string Name, IReadOnlyList<ClientFile> Files)>();
            foreach (var name in names)
            {
                // Every repository is resolved and checked before the first file is written or printed: one refused repository leaves nothing behind.
                described.Add((name, ClientFiles.For(await resolver.ResolveAsync(name, cancellationToken))));
            }

            var folder = settings.WriteTo is null ? null : OutputFolder(settings.WriteTo);
            foreach (var (name, files) in described)
            {
                if (folder is null)
                {
                    Print(context.Stdout, name, files);
                }
                else
                {
                    Write(context.Stdout, folder, files);
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// -r names, else the declared repositories and then those the routing names, each once; every one checked by
    /// Nexus's own name rule (docs/nexus-contract.md §9.2) before it reaches a request, a file name or a config section.
    /// </summary>
    /// <exception cref="UsageException">A name no Nexus repository can have.</exception>
    private static List<string> Names(IReadOnlyList<string> given, SyncConfig file)
    {
        var names = given.Count > 0
            ? given.Select(n => (Name: n.Trim(), Source: "-r (--repository)"))
            : file.Setup.Repositories.Select(r => (r.Name, Source: $"the config file's setup declaration (line {r.Line})"))
                .Concat(file.Repositories.Values.Select(n => (Name: n, Source: "the config file's \"repositories\"")))
                .Concat(file.Rules.Select(r => r.Repository).OfType<string>().Select(n => (Name: n, Source: "a rule of the config file")));
        return names.Where(n => n.Name.Length > 0).Select(n => RepositoryName.Checked(n.Name, n.Source)).Distinct(StringComparer.Ordinal).ToList();
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

    /// <summary>
    /// The folder <c>--write</c> names, created when missing. When it is a link, it is the user's own choice and is
    /// followed, once, here: the files go into the folder it points to at this moment, whatever the link becomes later.
    /// </summary>
    /// <exception cref="UsageException">It is not a directory, or cannot be created.</exception>
    private static string OutputFolder(DirectoryInfo directory)
    {
        var path = directory.FullName;
        try
        {
            var resolved = directory.Exists ? directory.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path : path;
            if (File.Exists(resolved))
            {
                throw new UsageException($"--write {ControlChars.Escape(path)} is not a directory: name a folder for the client files (it is created when missing).");
            }

            return Directory.CreateDirectory(resolved).FullName;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Cannot create the folder {ControlChars.Escape(path)} for the client files: {e.Message}");
        }
    }

    /// <summary>
    /// Each file through <see cref="AtomicFile"/>: a new temporary file beside the target, renamed over it, so a link
    /// planted at a file's name is replaced and never written through. Files holding credential placeholders are
    /// 0600, the rest 0644.
    /// </summary>
    private static void Write(TextWriter output, string folder, IReadOnlyList<ClientFile> files)
    {
        foreach (var file in files)
        {
            if (file.FileName.Length == 0 || file.FileName is "." or ".." || Path.GetFileName(file.FileName) != file.FileName || file.FileName.Contains('\0', StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"client file name '{ControlChars.Escape(file.FileName)}' is not one path component");
            }

            var path = Path.Combine(folder, file.FileName);
            try
            {
                AtomicFile.Write(path, file.Content, file.Private ? AtomicFile.Private : AtomicFile.Public);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Cannot write the client file {ControlChars.Escape(path)}: {e.Message}");
            }

            output.WriteLine($"wrote {ControlChars.Escape(path)} (install to {file.InstallTo})");
        }
    }
}

/// <summary><c>client-config</c>'s options, read once.</summary>
/// <param name="Run">The shared options.</param>
/// <param name="ConfigPath"><c>--config</c> as a full path; null for ./nexus-push.json when present.</param>
/// <param name="Repositories">The <c>-r</c> names; empty for every declared or routed one.</param>
/// <param name="WriteTo"><c>--write</c>; null to print.</param>
internal sealed record ClientConfigSettings(RunSettings Run, string? ConfigPath, IReadOnlyList<string> Repositories, DirectoryInfo? WriteTo);
