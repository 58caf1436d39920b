namespace NexusPush.Progress;

/// <summary>What <c>--progress</c> asks for; <see cref="Auto"/> decides from the terminal and the environment.</summary>
internal enum ProgressMode
{
    /// <summary>The live view on an interactive terminal that can draw it, plain lines anywhere else.</summary>
    Auto,

    /// <summary>The live view, even where it cannot be drawn (its escape sequences end up in the log).</summary>
    Live,

    /// <summary>A plain progress line every few seconds, no escape sequences.</summary>
    Plain,

    /// <summary>No progress display.</summary>
    None,
}

/// <summary>Turns <see cref="ProgressMode.Auto"/> into the display this run can show.</summary>
internal static class ProgressModes
{
    /// <summary>
    /// The live view redraws lines with escape sequences; a log that keeps them (a CI step, <c>script</c>, a pipe)
    /// fills with redrawn frames. So it is drawn only when stdout and stderr are terminals, TERM names a terminal
    /// that can draw (unset and "dumb" cannot), and no CI system says it runs the command (CI, any BUILDBOT_*).
    /// </summary>
    public static ProgressMode Resolve(ProgressMode requested, ProcessEnvironment environment)
    {
        if (requested != ProgressMode.Auto)
        {
            return requested;
        }

        return CanDrawLive(environment) ? ProgressMode.Live : ProgressMode.Plain;
    }

    private static bool CanDrawLive(ProcessEnvironment environment)
    {
        if (!environment.IsInteractive)
        {
            return false;
        }

        var term = environment.GetVariable("TERM");
        if (string.IsNullOrEmpty(term) || string.Equals(term, "dumb", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (environment.GetVariable("CI") is { Length: > 0 } ci && ci is not ("0" or "false" or "False" or "FALSE"))
        {
            return false;
        }

        return !environment.VariableNames.Any(name => name.StartsWith("BUILDBOT_", StringComparison.OrdinalIgnoreCase));
    }
}
