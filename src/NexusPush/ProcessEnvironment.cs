namespace NexusPush;

/// <summary>
/// What the process gets from outside besides its arguments: environment variables, standard input and whether
/// stdout and stderr are terminals. Tests pass their own so that runs stay independent of the machine and of each other.
/// </summary>
internal sealed record ProcessEnvironment(Func<string, string?> GetVariable, TextReader StandardInput, bool IsInteractive)
{
    /// <summary>The names of the variables that are set (a CI system is recognised by a family of names, BUILDBOT_*).</summary>
    public IReadOnlyCollection<string> VariableNames { get; init; } = [];

    public static ProcessEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable,

        // Not Console.In: on a terminal it switches the keypad mode (an escape sequence in every PTY log) even when
        // nothing is read; the raw stream is touched only by --password-stdin.
        new StreamReader(Console.OpenStandardInput(), System.Text.Encoding.UTF8),
        !Console.IsErrorRedirected && !Console.IsOutputRedirected)
    {
        VariableNames = Environment.GetEnvironmentVariables().Keys.Cast<string>().ToList(),
    };

    public static ProcessEnvironment FromDictionary(IReadOnlyDictionary<string, string> variables, string standardInput = "") => new(
        name => variables.TryGetValue(name, out var value) ? value : null,
        new StringReader(standardInput),
        IsInteractive: false)
    {
        VariableNames = variables.Keys.ToList(),
    };

    /// <summary>The first of <paramref name="names"/> that is set to a non-empty value.</summary>
    public string? FirstOf(params string[] names)
    {
        foreach (var name in names)
        {
            var value = GetVariable(name);
            if (!string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }
}
