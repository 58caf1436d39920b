using NexusPush.Tests.Support;

namespace NexusPush.Tests.ClientConfig;

/// <summary>
/// A real OpenPGP signing key, generated once per test run by gpg in a throw-away home directory, exported the two
/// ways Nexus might serve <c>repository-key.gpg</c>: binary and ASCII-armored; and its secret key the same two ways
/// (<c>gpg --export-secret-keys</c>), which a broken or hostile Nexus could serve in its place.
/// </summary>
internal static class GpgTestKey
{
    public const string UserId = "Nexus Push Test <apt-test@example.invalid>";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static GpgKeys? _key;

    public static async Task<GpgKeys> GetAsync()
    {
        RealTool.Require("gpg");
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            return _key ??= await GenerateAsync();
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary><c>gpg --show-keys</c> on the file, with a fresh home directory so the machine's keyrings are not involved.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> ShowKeysAsync(string file)
    {
        using var home = new TempDir();
        try
        {
            return await RealTool.RunAsync("gpg", "--homedir", home.Path, "--batch", "--with-colons", "--show-keys", file);
        }
        finally
        {
            await StopAgentAsync(home.Path);
        }
    }

    /// <summary>gpg leaves an agent running for its home directory; stop it so the directory can go.</summary>
    private static async Task StopAgentAsync(string home)
    {
        if (RealTool.Find("gpgconf") is not null)
        {
            await RealTool.RunAsync("gpgconf", "--homedir", home, "--kill", "all");
        }
    }

    private static async Task<GpgKeys> GenerateAsync()
    {
        using var home = new TempDir();
        try
        {
            string[] common = ["--homedir", home.Path, "--batch", "--pinentry-mode", "loopback", "--passphrase", string.Empty];
            var generated = await RealTool.RunAsync("gpg", [.. common, "--quick-gen-key", UserId, "ed25519", "sign", "never"]);
            Assert.True(generated.ExitCode == 0, "gpg --quick-gen-key failed: " + generated.Stderr);
            var binary = home.Write("key.gpg", []);
            var armored = home.Write("key.asc", []);
            Assert.Equal(0, (await RealTool.RunAsync("gpg", [.. common, "--yes", "--output", binary, "--export", UserId])).ExitCode);
            Assert.Equal(0, (await RealTool.RunAsync("gpg", [.. common, "--yes", "--armor", "--output", armored, "--export", UserId])).ExitCode);
            var secret = home.Write("secret.gpg", []);
            var secretArmored = home.Write("secret.asc", []);
            Assert.Equal(0, (await RealTool.RunAsync("gpg", [.. common, "--yes", "--output", secret, "--export-secret-keys", UserId])).ExitCode);
            Assert.Equal(0, (await RealTool.RunAsync("gpg", [.. common, "--yes", "--armor", "--output", secretArmored, "--export-secret-keys", UserId])).ExitCode);
            return new GpgKeys(await File.ReadAllBytesAsync(binary), await File.ReadAllBytesAsync(armored), await File.ReadAllBytesAsync(secret), await File.ReadAllBytesAsync(secretArmored));
        }
        finally
        {
            await StopAgentAsync(home.Path);
        }
    }
}

/// <summary>One test key: the public key binary and armored, and the secret key binary and armored.</summary>
internal sealed record GpgKeys(byte[] Binary, byte[] Armored, byte[] SecretBinary, byte[] SecretArmored);
