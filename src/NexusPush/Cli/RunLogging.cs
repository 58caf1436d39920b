using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace NexusPush.Cli;

/// <summary>Serilog configured once per run: everything to stderr (stdout carries only the report, so it can be piped).</summary>
internal static class RunLogging
{
    public static ILoggerFactory Create(TextWriter stderr, bool verbose, bool quiet)
    {
        var level = verbose ? LogEventLevel.Debug : quiet ? LogEventLevel.Error : LogEventLevel.Information;
        var serilog = new LoggerConfiguration()
            .MinimumLevel.Is(level)

            // The factory's per-request lines and Polly's own events repeat what NexusClient logs in our words.
            .MinimumLevel.Override("System.Net.Http.HttpClient", LogEventLevel.Warning)
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.With(new EscapeControlCharacters())
            .WriteTo.Sink(new TextWriterSink(stderr, new MessageTemplateTextFormatter(
                verbose ? "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}" : "[{Level:u3}] {Message:lj}{NewLine}",
                System.Globalization.CultureInfo.InvariantCulture)))
            .CreateLogger();
        return new SerilogLoggerFactory(serilog, dispose: true);
    }
}

/// <summary>String values in log lines (file names, reasons) show control characters escaped, as the text report does.</summary>
internal sealed class EscapeControlCharacters : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        foreach (var (name, value) in logEvent.Properties.ToList())
        {
            if (value is ScalarValue { Value: string text } && ControlChars.Escape(text) is var escaped && !ReferenceEquals(escaped, text))
            {
                logEvent.AddOrUpdateProperty(new LogEventProperty(name, new ScalarValue(escaped)));
            }
        }
    }
}

/// <summary>Writes log events to a given writer (stderr, or a test's), one event at a time.</summary>
internal sealed class TextWriterSink(TextWriter writer, ITextFormatter formatter) : ILogEventSink
{
    private readonly Lock _gate = new();

    public void Emit(LogEvent logEvent)
    {
        lock (_gate)
        {
            formatter.Format(logEvent, writer);
            writer.Flush();
        }
    }
}
