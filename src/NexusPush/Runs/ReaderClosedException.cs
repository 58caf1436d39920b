namespace NexusPush.Runs;

/// <summary>stdout is a pipe whose reader went away (<c>| head -1</c>, a CI worker that closed its pipes): EPIPE.
/// Help and listings stop quietly on it; a run's report on stdout handles it like a full disk, with its own hint.</summary>
internal sealed class ReaderClosedException() : IOException("Broken pipe")
{
    /// <summary>Whether <paramref name="e"/> or what it wraps is a gone reader.</summary>
    public static bool Caused(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ReaderClosedException)
            {
                return true;
            }
        }

        return false;
    }
}
