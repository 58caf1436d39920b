using System.Globalization;

namespace BenchServer;

/// <summary>Command line of the bench server. Every repository it knows is a hosted raw one (the bench uploads plain files).</summary>
internal sealed record ServerOptions
{
    public int Port { get; init; }

    /// <value>File the chosen port is written to once Kestrel listens, so run.sh can ask for port 0 and learn the real one.</value>
    public string? PortFile { get; init; }

    /// <value>Wait this long after reading an upload before answering it: a slow Nexus, for the backpressure scenario.</value>
    public int DelayMs { get; init; }

    /// <value>Wait this long before answering any request (HEAD, listing and preflight included): latency as a real network and Nexus add it.</value>
    public int RequestDelayMs { get; init; }

    /// <value>
    /// Read each upload's body no faster than this many megabits/s (0: as fast as possible). On a 2-core box the server
    /// and the client share the CPU; a link-limited upload measures the tool against a network, not against contention.
    /// </value>
    public int LinkMbps { get; init; }

    /// <value>Also compute md5, sha256 and sha512 like Nexus does; off by default so the server stays cheaper than the client.</value>
    public bool AllChecksums { get; init; }

    /// <value>When set ("user:password"), requests other than status must carry these Basic credentials, or get 401 as Nexus answers.</value>
    public string? Credentials { get; init; }

    public IReadOnlyList<string> Repositories { get; init; } = ["raw-bench"];

    public bool Knows(string repository) => Repositories.Contains(repository, StringComparer.Ordinal);

    public static ServerOptions Parse(string[] args)
    {
        var options = new ServerOptions();
        var repositories = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--port" => options with { Port = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--port-file" => options with { PortFile = Value() },
                "--delay-ms" => options with { DelayMs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--request-delay-ms" => options with { RequestDelayMs = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--link-mbps" => options with { LinkMbps = int.Parse(Value(), CultureInfo.InvariantCulture) },
                "--all-checksums" => options with { AllChecksums = true },
                "--credentials" => options with { Credentials = Value() },
                "--repository" => AddRepository(options, repositories, Value()),
                _ => throw new ArgumentException($"unknown argument '{args[i]}'; known: --port N, --port-file PATH, --delay-ms N, --request-delay-ms N, --link-mbps N, --all-checksums, --credentials USER:PASSWORD, --repository NAME."),
            };
        }

        return options;
    }

    private static ServerOptions AddRepository(ServerOptions options, List<string> repositories, string name)
    {
        repositories.Add(name);
        return options with { Repositories = repositories };
    }
}
