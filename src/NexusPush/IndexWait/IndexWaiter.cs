using System.Xml;
using Microsoft.Extensions.Logging;
using NexusPush.Nexus;

namespace NexusPush.IndexWait;

/// <summary>
/// <c>--wait-index</c>: uploaded is not installable. Nexus rebuilds apt and yum metadata after an upload, yum's
/// about a minute later (nexus-contract.md §7); this polls the published index until each package — uploaded now or
/// already stored (<see cref="IndexWaitTarget"/>) — is listed or the time is up.
/// </summary>
internal sealed class IndexWaiter(NexusClient client, IndexWaitOptions options, TimeProvider time, ILogger logger)
{
    /// <summary>For each target, null when it appeared in its index, else the reason it did not.</summary>
    public async Task<Dictionary<IndexWaitTarget, string?>> WaitAsync(IReadOnlyList<IndexWaitTarget> targets, CancellationToken cancellationToken)
    {
        var verdicts = targets.ToDictionary(t => t, _ => (string?)null);
        var pending = targets.ToList();
        var lastError = new Dictionary<IndexWaitTarget, string>();
        var primaryCache = new Dictionary<string, List<YumIndexEntry>>(StringComparer.Ordinal);
        var started = time.GetTimestamp();
        logger.LogInformation("Waiting up to {Seconds:0} s for {Count} {Packages} to appear in their apt/yum index", options.Timeout.TotalSeconds, pending.Count, pending.Count == 1 ? "package" : "packages");
        while (true)
        {
            var round = new IndexRound(client, options, primaryCache);
            foreach (var target in pending.ToList())
            {
                try
                {
                    if (await round.ContainsAsync(target, cancellationToken))
                    {
                        pending.Remove(target);
                        logger.LogInformation("Indexed {File} in {Repository} after {Seconds:0.0} s", target.Result.Item.DisplayPath, target.Repository, time.GetElapsedTime(started).TotalSeconds);
                    }
                }
                catch (NexusRequestException e)
                {
                    lastError[target] = e.Message;
                }
                catch (Exception e) when (e is XmlException or InvalidDataException or IOException)
                {
                    lastError[target] = $"the index could not be read: {e.Message}";
                }
            }

            var elapsed = time.GetElapsedTime(started);
            if (pending.Count == 0 || elapsed >= options.Timeout)
            {
                break;
            }

            var pause = options.Timeout - elapsed;
            await Task.Delay(pause < options.Interval ? pause : options.Interval, time, cancellationToken);
        }

        foreach (var target in pending)
        {
            var reason = $"{(target.WasStored ? "already stored, but " : string.Empty)}not indexed after {options.Timeout.TotalSeconds:0.#} s";
            verdicts[target] = lastError.TryGetValue(target, out var error) ? $"{reason} (last read: {error.TrimEnd('.')})" : reason;
        }

        return verdicts;
    }
}
