using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Extensions.Logging;

namespace NexusPush.Cli;

/// <summary>Serilog configured once per run: everything to stderr (stdout carries only the report, style-guide §6.4).</summary>
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
            .WriteTo.Sink(new TextWriterSink(stderr, new MessageTemplateTextFormatter(
                verbose ? "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {Message:lj}{NewLine}{Exception}" : "[{Level:u3}] {Message:lj}{NewLine}",
                System.Globalization.CultureInfo.InvariantCulture)))
            .CreateLogger();
        return new SerilogLoggerFactory(serilog, dispose: true);
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
