namespace NexusPush.Versions;

/// <summary>
/// One ecosystem's rules for reading and ordering versions (dpkg, rpm, PEP 440, SemVer 2.0, NuGet). A version the
/// rules cannot read is "not understood", with a reason, never guessed into an order: the caller keeps it.
/// </summary>
internal interface IVersionScheme
{
    /// <summary>The rules' name in messages: "dpkg", "rpm", "PEP 440", "SemVer 2.0", "NuGet".</summary>
    string Name { get; }

    VersionReading Read(string text);
}

/// <summary>An <see cref="IVersionScheme"/> made of a name and a reader: each ecosystem's file supplies the reader.</summary>
internal sealed class VersionScheme(string name, Func<string, VersionReading> read) : IVersionScheme
{
    public string Name { get; } = name;

    public VersionReading Read(string text) => read(text);

    public override string ToString() => Name;
}
