using NexusPush.Formats;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.Formats;

/// <summary>
/// Property-style: mutated real packages and random bytes, under every package-ish file name, never make detection
/// throw or allocate beyond a small budget. Seeds are fixed so a failure reproduces; the seed is in the message.
/// </summary>
public sealed class RandomInputTests : IDisposable
{
    private const long AllocationBudget = 16L << 20;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int> Seeds => new(Enumerable.Range(1, 8));

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Detect_MutatedPackages_NeverThrowsOrOverAllocates(int seed)
    {
        var random = new Random(seed);
        var fixtures = PackageFixtures.All.ToArray();
        for (var round = 0; round < 60; round++)
        {
            var fixture = fixtures[random.Next(fixtures.Length)];
            var bytes = Mutate(PackageFixtures.Bytes(fixture), random);
            var path = _dir.Write($"{seed}-{round}-{fixture}", bytes);

            var (detection, allocated) = MalformedInputTests.Measure(() => FormatDetector.Detect(path));

            Assert.True(allocated < AllocationBudget, $"seed {seed} round {round} ({fixture}): allocated {allocated} bytes");
            Assert.True(detection.IsInvalid || detection.Format == ArtifactFormat.Raw || detection.Package is not null, $"seed {seed} round {round}: valid package without metadata");
            Assert.DoesNotMatch("IndexOutOfRange|ArgumentOutOfRange|NullReference|InvalidCast|Overflow", detection.InvalidReason ?? string.Empty);
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Detect_RandomBytesWithMagic_NeverThrows(int seed)
    {
        var random = new Random(seed);
        byte[][] magics = [[.. "!<arch>\n"u8], [0xED, 0xAB, 0xEE, 0xDB], [.. "PK\u0003\u0004"u8], [0x1F, 0x8B], []];
        string[] names = ["x.deb", "x.rpm", "x.whl", "x.nupkg", "x.zip", "x.tgz", "x.tar.gz", "x.bin"];
        for (var round = 0; round < 60; round++)
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            var magic = magics[random.Next(magics.Length)];
            magic.AsSpan(0, Math.Min(magic.Length, bytes.Length)).CopyTo(bytes);
            var path = _dir.Write($"{seed}-{round}-{names[random.Next(names.Length)]}", bytes);

            var (_, allocated) = MalformedInputTests.Measure(() => FormatDetector.Detect(path));

            Assert.True(allocated < AllocationBudget, $"seed {seed} round {round}: allocated {allocated} bytes");
        }
    }

    /// <summary>One of: flip a few bytes, cut the file, overwrite a run with 0xFF or zeros (length fields), splice random bytes in.</summary>
    private static byte[] Mutate(byte[] bytes, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                for (var i = random.Next(1, 9); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(bytes.Length)];
            case 2:
                var at = random.Next(bytes.Length);
                bytes.AsSpan(at, Math.Min(random.Next(1, 9), bytes.Length - at)).Fill(random.Next(2) == 0 ? (byte)0xFF : (byte)0);
                return bytes;
            default:
                var insert = new byte[random.Next(1, 64)];
                random.NextBytes(insert);
                var cut = random.Next(bytes.Length);
                return [.. bytes[..cut], .. insert, .. bytes[cut..]];
        }
    }
}
