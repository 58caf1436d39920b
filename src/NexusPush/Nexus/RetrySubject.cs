namespace NexusPush.Nexus;

/// <summary>
/// The file the requests of the current async flow are for, so a retry line can name it ("Retry 2/5 of a.deb …")
/// among the lines of every other worker. Set where an item's work begins; an async method's change stays inside it.
/// </summary>
internal static class RetrySubject
{
    private static readonly AsyncLocal<string?> Current = new();

    public static string? Name
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}
