using NexusPush.Formats;

namespace NexusPush.Preflight;

/// <summary>A repository the run will use, and what it must be for that.</summary>
/// <param name="Name">Repository name as configured.</param>
/// <param name="Format">The format the routing sends to it; null when any format will do (<c>check --repository</c>).</param>
/// <param name="Source">Where the name came from, for messages: <c>--apt-repository</c>, <c>--repository</c>, a rules file line.</param>
internal sealed record RepositoryExpectation(string Name, ArtifactFormat? Format, string Source);
