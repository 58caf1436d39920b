using Microsoft.Extensions.Logging;
using NexusPush.Nexus;

namespace NexusPush.Cli;

/// <summary>
/// Builds <see cref="NexusOptions"/> from flags and environment. Precedence: flag, then NEXUS_* variables, then
/// NEXUS3_* (nexus3-cli's names, which CI secrets are often already called). The password never comes from an
/// argument: argv is visible to every user of the machine. A config file's url/username (<paramref name="file"/>) come last: flag &gt; environment &gt; file.
/// </summary>
internal sealed class ConnectionResolver(ConnectionSettings flags, ProcessEnvironment environment, Configuration.ConnectionDefaults? file = null)
{
    /// <summary>The URL as configured, or null when none is (a dry run can plan offline).</summary>
    public string? UrlText() => UrlText(flags.Url, environment, file);

    /// <summary>The URL from the <c>--url</c> flag, else the environment, else the config file; null when none gives one.</summary>
    public static string? UrlText(string? flag, ProcessEnvironment environment, Configuration.ConnectionDefaults? file = null) =>
        flag ?? environment.FirstOf("NEXUS_URL", "NEXUS3_URL") ?? file?.Url;

    public NexusOptions Resolve(ILogger logger)
    {
        var urlText = UrlText() ?? throw new UsageException("No Nexus URL: pass --url or set NEXUS_URL.");
        if (!NexusUrl.TryParseBase(urlText, out var baseUrl, out var error))
        {
            throw new UsageException($"Invalid Nexus URL: {error}.");
        }

        var credentials = ResolveCredentials(urlText, logger);
        return new NexusOptions
        {
            BaseUrl = baseUrl,
            Credentials = credentials,
            Tls = TransportSecurity.Resolve(flags.Insecure, flags.CaFile ?? environment.FirstOf("NEXUS_PUSH_CA_FILE"), baseUrl, credentials is not null, logger),
            Retries = flags.Retries,
            RetryDelay = flags.RetryDelay,
            StallTimeout = flags.StallTimeout,
            ResponseTimeout = flags.ResponseTimeout,
            MaxConnections = flags.MaxConnections,
        };
    }

    private Credentials? ResolveCredentials(string urlText, ILogger logger)
    {
        var username = flags.Username;
        var usernameSource = "--username";
        if (username is null && environment.FirstOf("NEXUS_USERNAME", "NEXUS3_USERNAME") is { } fromEnv)
        {
            username = fromEnv;
            usernameSource = environment.GetVariable("NEXUS_USERNAME") is { Length: > 0 } ? "NEXUS_USERNAME" : "NEXUS3_USERNAME";
        }

        string? password = null;
        var passwordSource = string.Empty;
        if (flags.PasswordStdin)
        {
            password = environment.StandardInput.ReadLine()?.TrimEnd('\r');
            if (string.IsNullOrEmpty(password))
            {
                throw new UsageException("--password-stdin was given but standard input held no password.");
            }

            passwordSource = "standard input";
        }
        else if (environment.FirstOf("NEXUS_PASSWORD", "NEXUS3_PASSWORD") is { } envPassword)
        {
            password = envPassword;
            passwordSource = environment.GetVariable("NEXUS_PASSWORD") is { Length: > 0 } ? "NEXUS_PASSWORD" : "NEXUS3_PASSWORD";
        }

        if (environment.GetVariable("NEXUS_TOKEN") is { Length: > 0 } token)
        {
            var colon = token.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new UsageException("NEXUS_TOKEN must have the form user:token.");
            }

            username ??= token[..colon];
            password ??= token[(colon + 1)..];
            passwordSource = passwordSource.Length > 0 ? passwordSource : "NEXUS_TOKEN";
        }

        if (NexusUrl.UserInfo(urlText) is { } inUrl)
        {
            logger.LogWarning("The Nexus URL contains credentials; they are used but may be visible to other users of this machine. Prefer NEXUS_USERNAME and NEXUS_PASSWORD.");
            username ??= inUrl.User;
            password ??= inUrl.Password;
            passwordSource = passwordSource.Length > 0 ? passwordSource : "the URL";
        }

        // The config file's user name only when no flag, variable, token or URL named one (flag > env > file).
        if (username is null && file?.Username is { Length: > 0 } fromFile)
        {
            username = fromFile;
            usernameSource = file.Source;
        }

        if (username is null && password is null)
        {
            logger.LogDebug("No credentials configured; using anonymous access");
            return null;
        }

        if (username is null)
        {
            throw new UsageException($"A password was given ({passwordSource}) but no user name: pass --username or set NEXUS_USERNAME.");
        }

        if (password is null)
        {
            throw new UsageException($"No password for user '{username}': set NEXUS_PASSWORD or use --password-stdin (a password is never accepted as an argument).");
        }

        logger.LogDebug("User {User} from {UserSource}, password <hidden> from {PasswordSource}", username, usernameSource, passwordSource);
        return new Credentials(username, password, passwordSource);
    }
}
