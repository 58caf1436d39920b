using System.Text;
using System.Text.Json;
using NexusPush.Formats;
using NexusPush.Runs;

namespace NexusPush.Reporting;

/// <summary>
/// The machine report: one JSON document <c>{"schemaVersion":1,…,"items":[…],"totals":{…},"exitCode":N,"error":"…"|null}</c>,
/// written item by item as results arrive, so a 100,000-file run never holds the report in memory. <c>totals</c> is
/// null when the run stopped before it could count (exit 2 at the start, say). The repository's
/// docs/report.schema.json describes every field; a change here goes there too (the tests validate each report).
/// </summary>
/// <param name="output">Where the document goes.</param>
/// <param name="endsAtRunFinished">Whether the run's end also ends the document; false when the owner (the <c>--report</c> file) ends it with the process's final exit code.</param>
/// <param name="run">The run it reports on (command line, times, Nexus URL); a bare one when not given.</param>
internal sealed class JsonReport(TextWriter output, bool endsAtRunFinished = true, RunInfo? run = null) : IRunObserver
{
    /// <summary>Bumped when a field changes meaning or goes away; new optional fields keep it.</summary>
    public const int SchemaVersion = 1;

    private readonly RunInfo _run = run ?? new RunInfo(null, [], TimeProvider.System);

    private bool _started;
    private bool _anyItem;
    private bool _itemsClosed;
    private bool _ended;

    public void ItemFinished(ItemResult result)
    {
        Start();
        output.Write(_anyItem ? ",\n    " : "\n    ");
        _anyItem = true;
        output.Write(Serialize(writer =>
        {
            var item = result.Item;
            writer.WriteStartObject();
            writer.WriteString("file", item.DisplayPath);
            writer.WriteString("format", item.Format.NexusId());
            writer.WriteString("repository", item.Repository);
            writer.WriteString("path", item.TargetPath);
            writer.WriteString("downloadUrl", result.Action is ItemAction.Uploaded or ItemAction.Skipped or ItemAction.Planned ? _run.DownloadUrl(item.Repository, item.TargetPath) : null);
            writer.WriteString("action", ReportNames.Of(result.Action));
            writer.WriteString("reason", result.Reason);
            writer.WriteString("sha256", result.Sha256);
            writer.WriteNumber("bytes", item.Length);
            writer.WriteNumber("attempts", result.Attempts);
            writer.WriteString("fallbackPath", result.FallbackPath);
            writer.WriteString("runWideCause", result.RunWideCause);
            writer.WriteString("fallbackCopyFailure", result.FallbackCopyFailure);
            writer.WriteEndObject();
        }));
        output.Flush();
    }

    public void RunFinished(RunSummary summary)
    {
        Start();
        _itemsClosed = true;
        output.Write(_anyItem ? "\n  ],\n  \"totals\": " : "],\n  \"totals\": ");
        output.Write(Serialize(writer =>
        {
            writer.WriteStartObject();
            foreach (var action in Enum.GetValues<ItemAction>())
            {
                writer.WriteNumber(ReportNames.Of(action), summary.Count(action));
            }

            writer.WriteNumber("invalid", summary.Invalid);
            writer.WriteNumber("hiddenFilesLeftOut", summary.LeftOut?.HiddenFiles ?? 0);
            writer.WriteNumber("hiddenDirectoriesLeftOut", summary.LeftOut?.HiddenDirectories ?? 0);
            writer.WriteNumber("files", summary.Files);
            writer.WriteNumber("bytesUploaded", summary.BytesUploaded);
            writer.WriteNumber("elapsedSeconds", Math.Round(summary.Elapsed.TotalSeconds, 3));
            writer.WriteEndObject();
        }));
        output.Write(",\n  \"requests\": ");
        output.Write(Serialize(writer => WriteRequests(writer, summary.Requests)));
        output.Write(",\n  \"shard\": ");
        output.Write(Serialize(writer => WriteNullable(writer, summary.Shard?.ToString())));
        output.Write(",\n  \"limits\": ");
        output.Write(Serialize(writer => WriteLimits(writer, summary.Usage)));
        output.Flush();
        if (endsAtRunFinished)
        {
            End(summary.ExitCode, summary.Error);
        }
    }

    /// <summary>Ends the document with the exit code and the error that ended the run, whatever state it is in.</summary>
    public void End(int exitCode, string? error)
    {
        if (_ended)
        {
            return;
        }

        Start();
        if (!_itemsClosed)
        {
            output.Write(_anyItem ? "\n  ],\n  \"totals\": null" : "],\n  \"totals\": null");
            _itemsClosed = true;
        }

        var finishedAt = _run.Clock.GetUtcNow();
        var ending = Members(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("nexusUrl", _run.NexusUrl);
            writer.WriteString("finishedAt", Timestamp(finishedAt));
            writer.WriteNumber("durationSeconds", Math.Round(Math.Max(0, (finishedAt - _run.StartedAt).TotalSeconds), 3));
            writer.WriteNumber("exitCode", exitCode);
            writer.WriteString("error", error);
            writer.WriteEndObject();
        });

        output.Write(",\n" + ending + "\n}\n");
        output.Flush();
        _ended = true;
    }

    /// <summary>What a Nexus with usage limits would take from the run; null when none apply (or the preflight did not run).</summary>
    private static void WriteLimits(Utf8JsonWriter writer, UsageEstimate? usage)
    {
        if (usage is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("edition", usage.Server.Edition);
        writer.WriteString("version", usage.Server.Version);
        writer.WriteNumber("newComponents", usage.NewComponents);
        WriteNumberOrNull(writer, "componentLimit", usage.Limit.Components);
        writer.WriteNumber("expectedRequests", usage.ExpectedRequests);
        WriteNumberOrNull(writer, "requestLimit", usage.Limit.Requests);
        writer.WriteEndObject();
    }

    /// <summary><c>{"total": N, "preflight": N, …}</c>: what the run sent to Nexus, retries included; null when it sent nothing.</summary>
    private static void WriteRequests(Utf8JsonWriter writer, Nexus.RequestCounter? requests)
    {
        if (requests is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteNumber("total", requests.Total);
        foreach (var kind in Enum.GetValues<Nexus.RequestKind>())
        {
            writer.WriteNumber(ReportNames.Of(kind), requests.Count(kind));
        }

        writer.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number)
        {
            writer.WriteNumber(name, number);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    private void Start()
    {
        if (!_started)
        {
            var header = Members(writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("schemaVersion", SchemaVersion);
                writer.WriteString("tool", "nexus-push");
                writer.WriteString("toolVersion", RunInfo.ToolVersion);
                writer.WriteString("verb", _run.Verb);
                writer.WriteStartArray("arguments");
                foreach (var argument in _run.Arguments)
                {
                    writer.WriteStringValue(argument);
                }

                writer.WriteEndArray();
                writer.WriteString("startedAt", Timestamp(_run.StartedAt));
                writer.WriteEndObject();
            });
            output.Write("{\n" + header + ",\n  \"items\": [");
            _started = true;
        }
    }

    private static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An object's members, one per line and indented, without its braces: they continue the document's one object.</summary>
    private static string Members(Action<Utf8JsonWriter> write)
    {
        var text = Serialize(write, indented: true);
        return text[1..^1].Trim('\n');
    }

    private static string Serialize(Action<Utf8JsonWriter> write, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = indented, NewLine = "\n" }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
