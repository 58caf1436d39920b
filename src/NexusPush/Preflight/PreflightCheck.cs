namespace NexusPush.Preflight;

/// <summary>How one preflight check came out.</summary>
internal enum PreflightStatus
{
    Ok,
    Warning,
    Failed,

    /// <summary>Not run, because an earlier check already failed in a way that makes it pointless (or harmful: more failed logins).</summary>
    Skipped,
}

/// <summary>What a failed check means for the run, and so for the exit code.</summary>
internal enum PreflightProblem
{
    None,

    /// <summary>Wrong URL, unknown / non-hosted / wrong-format repository, untrusted certificate: exit 2.</summary>
    Configuration,

    /// <summary>Credentials refused, or the user may not read a repository: exit 3.</summary>
    Credentials,

    /// <summary>Community Edition EULA not accepted or usage limit reached (nexus-contract.md §5.4, §8): exit 2.</summary>
    License,

    /// <summary>Nexus does not answer, answers 5xx, or is read-only. Not a configuration error: uploads go on (and retry).</summary>
    Unavailable,
}

/// <summary>One line of the preflight table: what was checked, how it came out, and a sentence about it.</summary>
/// <param name="Name">What was checked: <c>nexus</c>, <c>writable</c>, <c>credentials</c>, <c>eula</c>, <c>repository NAME</c>.</param>
/// <param name="Status">Ok, warning, failed or skipped.</param>
/// <param name="Detail">One sentence; for a failure it says what to do.</param>
/// <param name="Problem">For a failure, what kind of problem it is.</param>
internal sealed record PreflightCheck(string Name, PreflightStatus Status, string Detail, PreflightProblem Problem = PreflightProblem.None)
{
    public static PreflightCheck Ok(string name, string detail) => new(name, PreflightStatus.Ok, detail);

    public static PreflightCheck Warn(string name, string detail) => new(name, PreflightStatus.Warning, detail);

    public static PreflightCheck Fail(string name, PreflightProblem problem, string detail) => new(name, PreflightStatus.Failed, detail, problem);

    public static PreflightCheck Skip(string name, string detail) => new(name, PreflightStatus.Skipped, detail);
}
