using Microsoft.Extensions.Logging;
using NexusPush.Cli;

namespace NexusPush.Tests.Operations;

/// <summary>The once-per-run transport warnings: credentials over plain http:// to another machine.</summary>
public sealed class TransportWarningTests
{
    [Theory]
    [InlineData("http://nexus.example.com/", true, true)]
    [InlineData("http://nexus.example.com/", false, false)]
    [InlineData("https://nexus.example.com/", true, false)]
    [InlineData("http://localhost:8081/", true, false)]
    [InlineData("http://127.0.0.1:8081/", true, false)]
    [InlineData("http://[::1]:8081/", true, false)]
    public void Resolve_PlainHttpWithCredentials_WarnsOnlyForOtherHosts(string url, bool withCredentials, bool warns)
    {
        var options = new GlobalOptions();
        var env = new Dictionary<string, string> { ["NEXUS_URL"] = url };
        if (withCredentials)
        {
            env["NEXUS_USERNAME"] = "ci";
            env["NEXUS_PASSWORD"] = "pw";
        }

        var context = new CliContext(TextWriter.Null, TextWriter.Null, ProcessEnvironment.FromDictionary(env));
        var parse = CliApp.BuildRoot(context).Parse(["check"]);
        var logger = new ListLogger();

        new ConnectionResolver(ConnectionSettings.Bind(parse, context.Options, maxConnections: 1), context.Environment).Resolve(logger);

        Assert.Equal(warns ? 1 : 0, logger.Warnings.Count(w => w.Contains("goes over plain http://", StringComparison.Ordinal)));
        Assert.NotNull(options);
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
