using System.Text;
using System.Text.Json;
using NexusPush.Execution;
using NexusPush.Formats;

namespace NexusPush.Reporting;

/// <summary>
/// The machine report: one JSON document <c>{"items":[…],"totals":{…},"exitCode":N}</c>, written item by item as
/// results arrive, so a 100,000-file run never holds the report in memory.
/// </summary>
internal sealed class JsonReport(TextWriter output) : IRunObserver
{
    private bool _started;
    private bool _anyItem;

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
            writer.WriteString("action", ReportNames.Of(result.Action));
            writer.WriteString("reason", result.Reason);
            writer.WriteString("sha256", result.Sha256);
            writer.WriteNumber("bytes", item.Length);
            writer.WriteNumber("attempts", result.Attempts);
            writer.WriteEndObject();
        }));
        output.Flush();
    }

    public void RunFinished(RunSummary summary)
    {
        Start();
        output.Write(_anyItem ? "\n  ],\n  \"totals\": " : "],\n  \"totals\": ");
        output.Write(Serialize(writer =>
        {
            writer.WriteStartObject();
            foreach (var action in Enum.GetValues<ItemAction>())
            {
                writer.WriteNumber(ReportNames.Of(action), summary.Count(action));
            }

            writer.WriteNumber("invalid", summary.Invalid);
            writer.WriteNumber("files", summary.Files);
            writer.WriteNumber("bytesUploaded", summary.BytesUploaded);
            writer.WriteNumber("elapsedSeconds", Math.Round(summary.Elapsed.TotalSeconds, 3));
            writer.WriteEndObject();
        }));
        output.Write($",\n  \"exitCode\": {summary.ExitCode}\n}}\n");
        output.Flush();
    }

    private void Start()
    {
        if (!_started)
        {
            output.Write("{\n  \"items\": [");
            _started = true;
        }
    }

    private static string Serialize(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
