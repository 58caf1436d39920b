using System.Globalization;

namespace NexusPush.Nexus;

/// <summary>What an edition and version of Nexus allows; a null figure means no limit of that kind.</summary>
/// <param name="Components">Components in the whole instance.</param>
/// <param name="Requests">Requests per <paramref name="RequestWindow"/>, failed ones included.</param>
/// <param name="RequestWindow">How the request limit is counted, for messages ("rolling 24 hours").</param>
internal sealed record UsageLimit(int? Components, int? Requests, string RequestWindow);

/// <summary>
/// The usage limits by edition and version, in one table (nexus-contract.md §8, from sonatype/nexus-public issues
/// #883, #736, #955 and #814): Community Edition 3.77–3.86 allows 200,000 requests a day; 3.87 and later 40,000
/// components in total and 100,000 requests per rolling 24 hours. OSS and Pro have none.
/// </summary>
internal static class UsageLimits
{
    private static readonly (string Edition, Version From, Version? Before, UsageLimit Limit)[] Table =
    [
        ("COMMUNITY", new Version(3, 77), new Version(3, 87), new UsageLimit(null, 200_000, "day")),
        ("COMMUNITY", new Version(3, 87), null, new UsageLimit(40_000, 100_000, "rolling 24 hours")),
    ];

    /// <summary>The limits of the server the preflight saw; null when none apply (OSS, Pro, older CE) or the server is unknown.</summary>
    public static UsageLimit? For(ServerIdentity? server)
    {
        if (server?.Edition is not { } edition || ParseVersion(server.Version) is not { } version)
        {
            return null;
        }

        foreach (var row in Table)
        {
            if (string.Equals(row.Edition, edition, StringComparison.OrdinalIgnoreCase) && version >= row.From && (row.Before is null || version < row.Before))
            {
                return row.Limit;
            }
        }

        return null;
    }

    /// <summary>"3.89.0-01" → 3.89.0; null when the header's version is not numeric.</summary>
    internal static Version? ParseVersion(string text)
    {
        var numeric = text.Split('-', '+', ' ')[0];
        var parts = numeric.Split('.');
        if (parts.Length < 2)
        {
            return null;
        }

        var numbers = new int[Math.Min(parts.Length, 3)];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers.Length == 2 ? new Version(numbers[0], numbers[1]) : new Version(numbers[0], numbers[1], numbers[2]);
    }
}
