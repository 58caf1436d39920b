using System.CommandLine;
using System.Text.Json;
using NexusPush.Nexus;

namespace NexusPush.Cli;

/// <summary><c>nexus-push repos</c>: the repositories this user can see (name, format, type, url), to pick routing targets.</summary>
internal static class ReposCommand
{
    /// <summary>One request, so one connection.</summary>
    internal const int Connections = 1;

    public static Command Create(CliContext context)
    {
        var command = new Command("repos", """
            List the repositories this user may browse: name, format, type (hosted, proxy, group) and URL.
            Uploads need a hosted repository of the package's format.

            Examples:
              nexus-push repos
              nexus-push repos --output json
            """);
        foreach (var option in context.Options.Connection.Append(context.Options.Output).Concat(context.Options.Logging))
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = context.Bound(RunSettings.Bind(parse, context.Options, Connections));
            using var session = new RunSession(context, settings);
            IReadOnlyList<RepositoryInfo> repositories;
            try
            {
                repositories = await session.Connect().ListRepositoriesAsync(cancellationToken);
            }
            catch (NexusRequestException e)
            {
                throw e.AsRunError();
            }

            var sorted = repositories.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
            if (settings.Output.Format == OutputFormat.Json)
            {
                WriteJson(context.Stdout, sorted);
            }
            else
            {
                WriteText(context.Stdout, sorted);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteText(TextWriter output, List<RepositoryInfo> repositories)
    {
        if (repositories.Count == 0)
        {
            output.WriteLine("No repositories visible to this user (GET /service/rest/v1/repositories lists only those it may browse).");
            return;
        }

        // Every column is the server's text: escaped as ls -b escapes file names, so no ESC sequence or CR/LF reaches the terminal or the log.
        var rows = repositories.Select(r => (Name: ControlChars.Escape(r.Name), Format: ControlChars.Escape(r.Format), Type: ControlChars.Escape(r.Type), Url: ControlChars.Escape(r.Url ?? string.Empty))).ToList();
        var name = Math.Max(4, rows.Max(r => r.Name.Length));
        var format = Math.Max(6, rows.Max(r => r.Format.Length));
        output.WriteLine($"{"NAME".PadRight(name)}  {"FORMAT".PadRight(format)}  {"TYPE",-6}  URL");
        foreach (var r in rows)
        {
            output.WriteLine($"{r.Name.PadRight(name)}  {r.Format.PadRight(format)}  {r.Type,-6}  {r.Url}");
        }
    }

    private static void WriteJson(TextWriter output, List<RepositoryInfo> repositories)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartArray();
            foreach (var r in repositories)
            {
                writer.WriteStartObject();
                writer.WriteString("name", r.Name);
                writer.WriteString("format", r.Format);
                writer.WriteString("type", r.Type);
                writer.WriteString("url", r.Url);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
