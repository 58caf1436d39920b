namespace NexusPush.Cli;

/// <summary>
/// What the process gets from outside besides its arguments: environment variables, standard input and whether a
/// person is watching. Tests pass their own so that runs stay independent of the machine and of each other.
/// </summary>
internal sealed record CliEnvironment(Func<string, string?> GetVariable, TextReader StandardInput, bool IsInteractive)
{
    public static CliEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable,
        Console.In,
        !Console.IsErrorRedirected && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase));

    public static CliEnvironment FromDictionary(IReadOnlyDictionary<string, string> variables, string standardInput = "") => new(
        name => variables.TryGetValue(name, out var value) ? value : null,
        new StringReader(standardInput),
        IsInteractive: false);

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
