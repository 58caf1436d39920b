using NexusPush.Versions;

namespace NexusPush.Tests.Versions;

/// <summary>Each scheme orders every committed pair as its ecosystem's real tool did, and sorts a list into the tool's order.</summary>
public sealed class OracleAgreementTests
{
    [Theory]
    [MemberData(nameof(OracleData.Names), MemberType = typeof(OracleData))]
    public void EveryPair_ComparesAsTheRealTool(string name)
    {
        var scheme = OracleData.Schemes[name];
        var pairs = OracleData.Pairs(name);

        var wrong = pairs
            .Select(p => (p.A, p.B, p.Sign, Ours: scheme.Read(p.A, "oracle pair").CompareTo(scheme.Read(p.B, "oracle pair"))))
            .Where(p => p.Ours != p.Sign)
            .Select(p => $"{p.A} vs {p.B}: the real tool says {p.Sign}, {scheme.Name} here says {p.Ours}")
            .ToList();

        Assert.True(pairs.Count >= 300, $"{name}: only {pairs.Count} pairs");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Theory]
    [MemberData(nameof(OracleData.Names), MemberType = typeof(OracleData))]
    public void EveryPair_ComparesTheSameBothWays(string name)
    {
        var scheme = OracleData.Schemes[name];

        var wrong = OracleData.Pairs(name)
            .Where(p => scheme.Read(p.B, "oracle pair").CompareTo(scheme.Read(p.A, "oracle pair")) != -p.Sign)
            .Select(p => $"{p.B} vs {p.A}")
            .ToList();

        Assert.Empty(wrong);
    }

    [Theory]
    [MemberData(nameof(OracleData.Names), MemberType = typeof(OracleData))]
    public void SortingTheList_GivesTheRealToolsOrder(string name)
    {
        var scheme = OracleData.Schemes[name];
        var expected = OracleData.Sorted(name);
        var shuffled = expected.Reverse().ToList();

        var sorted = SortedVersions.Of(scheme, shuffled);

        Assert.Empty(sorted.NotUnderstood);
        // Versions the ecosystem calls equal (1.0 and 1.0-0) may come in either order; every position must hold
        // a version equal to the one the real tool put there.
        var misplaced = expected.Zip(sorted.OldestFirst)
            .Where(p => scheme.Read(p.First, "sorted list").CompareTo(p.Second) != 0)
            .Select(p => $"expected {p.First}, got {p.Second.Text}")
            .ToList();
        Assert.True(misplaced.Count == 0, $"{name}:\n" + string.Join("\n", misplaced));
    }
}
