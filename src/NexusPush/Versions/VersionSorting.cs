namespace NexusPush.Versions;

/// <summary>A list of versions in one scheme's order, oldest first, and the versions the scheme did not understand.</summary>
/// <param name="OldestFirst">Ecosystem-equal versions keep the order they came in.</param>
/// <param name="NotUnderstood">Each with its reason, in the order they came in.</param>
internal sealed record SortedVersions(IReadOnlyList<OrderedVersion> OldestFirst, IReadOnlyList<(string Text, string Problem)> NotUnderstood)
{
    public static SortedVersions Of(IVersionScheme scheme, IEnumerable<string> texts)
    {
        var understood = new List<OrderedVersion>();
        var notUnderstood = new List<(string, string)>();
        foreach (var text in texts)
        {
            var reading = scheme.Read(text);
            if (reading.Version is { } version)
            {
                understood.Add(version);
            }
            else
            {
                notUnderstood.Add((text, reading.Problem!));
            }
        }

        return new(understood.Order().ToList(), notUnderstood);
    }
}
