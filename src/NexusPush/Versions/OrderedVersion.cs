namespace NexusPush.Versions;

/// <summary>
/// A version one <see cref="IVersionScheme"/> has read, ordered the way its ecosystem orders it. Versions of two
/// schemes never compare: asking is a programming error.
/// </summary>
internal abstract class OrderedVersion : IComparable<OrderedVersion>
{
    protected OrderedVersion(string text) => Text = text;

    /// <summary>The version exactly as it was read.</summary>
    public string Text { get; }

    /// <summary>-1, 0 or 1. Equal is the ecosystem's equal (<c>1.0</c> and <c>1.0-0</c> for dpkg), not the same text.</summary>
    public int CompareTo(OrderedVersion? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return other.GetType() == GetType()
            ? Math.Sign(CompareSameScheme(other))
            : throw new ArgumentException($"a {GetType().Name} cannot be compared with a {other.GetType().Name}", nameof(other));
    }

    /// <summary>Any sign; <paramref name="other"/> is of this version's own type.</summary>
    protected abstract int CompareSameScheme(OrderedVersion other);

    public override string ToString() => Text;
}

/// <summary>What reading a version gave: the version, or the one-line reason its ecosystem's rules cannot read it.</summary>
internal readonly record struct VersionReading
{
    private VersionReading(OrderedVersion? version, string? problem) => (Version, Problem) = (version, problem);

    /// <summary>The version; null when not understood.</summary>
    public OrderedVersion? Version { get; }

    /// <summary>Why the version is not understood ("the epoch before ':' is not a number"); null when it is.</summary>
    public string? Problem { get; }

    public bool Understood => Version is not null;

    public static VersionReading Of(OrderedVersion version) => new(version, null);

    public static VersionReading NotUnderstood(string problem) => new(null, problem);
}
