using System.Text;
using NexusPush.ClientConfig;
using NexusPush.Tests.Support;

namespace NexusPush.Tests.ClientConfig;

/// <summary>
/// <see cref="PublicKeyring"/> on real gpg keys re-encoded every way RFC 4880 §4.2 allows: what it accepts is checked
/// with the real <c>gpg --show-keys</c>, and what it refuses never becomes a keyring.
/// </summary>
public sealed class PublicKeyringTests
{
    [Theory]
    [InlineData("old 1-octet lengths where they fit")]
    [InlineData("old 4-octet lengths")]
    [InlineData("new 1/2-octet lengths")]
    [InlineData("new 5-octet lengths")]
    public async Task EveryPacketLengthFormat_AcceptedAsIs_AndGpgReadsIt(string encoding)
    {
        var key = await GpgTestKey.GetAsync();
        var packets = Split(key.Binary);
        var reencoded = packets.SelectMany(p => encoding switch
        {
            "old 1-octet lengths where they fit" => Old(p.Tag, p.Body, p.Body.Length < 256 ? 1 : 2),
            "old 4-octet lengths" => Old(p.Tag, p.Body, 4),
            "new 1/2-octet lengths" => New(p.Tag, p.Body, fiveOctets: false),
            _ => New(p.Tag, p.Body, fiveOctets: true),
        }).ToArray();

        var check = PublicKeyring.Check(reencoded);

        Assert.Null(check.Problem);
        Assert.Equal(reencoded, check.Keyring);
        using var dir = new TempDir();
        var shown = await GpgTestKey.ShowKeysAsync(dir.Write("k.gpg", check.Keyring!));
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains(GpgTestKey.UserId.Split(' ')[0], shown.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrustPackets_Dropped_TheRestIsTheExportedKey()
    {
        var key = await GpgTestKey.GetAsync();
        var withTrust = Split(key.Binary).SelectMany(p => Old(p.Tag, p.Body, 1).Concat(Old(12, [0x00, 0x03], 1))).ToArray();

        var check = PublicKeyring.Check(withTrust);

        Assert.Null(check.Problem);
        Assert.Equal(Split(key.Binary).SelectMany(p => Old(p.Tag, p.Body, p.Body.Length < 256 ? 1 : 2)).ToArray(), check.Keyring);
    }

    [Fact]
    public async Task ArmoredWithCrLf_Accepted_ArmorWithAWrongChecksum_Refused()
    {
        var key = await GpgTestKey.GetAsync();
        var armored = Encoding.ASCII.GetString(key.Armored);

        Assert.Equal(key.Binary, PublicKeyring.Check(Encoding.ASCII.GetBytes(armored.Replace("\n", "\r\n", StringComparison.Ordinal))).Keyring);
        var checksum = armored.Split('\n').Single(l => l.StartsWith('=') && l.Length == 5);
        var broken = PublicKeyring.Check(Encoding.ASCII.GetBytes(armored.Replace(checksum, "=AAAA", StringComparison.Ordinal)));
        Assert.Null(broken.Keyring);
        Assert.False(broken.IsPrivate);
    }

    [Fact]
    public async Task ASecretSubkeyAfterThePublicKey_IsAPrivateKey()
    {
        var key = await GpgTestKey.GetAsync();

        var check = PublicKeyring.Check([.. key.Binary, .. Old(7, [4, 1, 2, 3], 1)]);

        Assert.True(check.IsPrivate);
        Assert.Null(check.Keyring);
    }

    [Theory]
    [InlineData(new byte[] { 0xC6, 0xE0, 1, 2, 3 }, "a partial (streamed) length")]
    [InlineData(new byte[] { 0x9B, 1, 2, 3 }, "an old-format indeterminate length")]
    [InlineData(new byte[] { 0xC6, 0xC0 }, "a two-octet length cut off")]
    [InlineData(new byte[] { 0xCB, 0x01, 0x00 }, "a literal data packet")]
    [InlineData(new byte[] { }, "nothing")]
    public void NotAPublicKey_Refused(byte[] served, string why)
    {
        var check = PublicKeyring.Check(served);

        Assert.True(check.Keyring is null && !check.IsPrivate && check.Problem is { Length: > 0 }, why);
    }

    /// <summary>The packets gpg wrote, whatever header format each has.</summary>
    private static List<(int Tag, byte[] Body)> Split(byte[] data)
    {
        var packets = new List<(int, byte[])>();
        for (var i = 0; i < data.Length;)
        {
            var header = data[i++];
            int tag, length;
            if ((header & 0x40) == 0)
            {
                tag = (header >> 2) & 0x0F;
                var octets = 1 << (header & 0x03);
                length = 0;
                for (var k = 0; k < octets; k++)
                {
                    length = (length << 8) | data[i++];
                }
            }
            else
            {
                tag = header & 0x3F;
                int first = data[i++];
                length = first < 192 ? first : first < 224 ? ((first - 192) << 8) + data[i++] + 192 : (data[i++] << 24) | (data[i++] << 16) | (data[i++] << 8) | data[i++];
            }

            packets.Add((tag, data[i..(i + length)]));
            i += length;
        }

        return packets;
    }

    private static byte[] Old(int tag, byte[] body, int octets)
    {
        var type = octets switch { 1 => 0, 2 => 1, _ => 2 };
        byte[] length = octets switch
        {
            1 => [(byte)body.Length],
            2 => [(byte)(body.Length >> 8), (byte)body.Length],
            _ => [(byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length],
        };
        return [(byte)(0x80 | (tag << 2) | type), .. length, .. body];
    }

    private static byte[] New(int tag, byte[] body, bool fiveOctets)
    {
        byte[] length = fiveOctets
            ? [255, (byte)(body.Length >> 24), (byte)(body.Length >> 16), (byte)(body.Length >> 8), (byte)body.Length]
            : body.Length < 192 ? [(byte)body.Length] : [(byte)(((body.Length - 192) >> 8) + 192), (byte)(body.Length - 192)];
        return [(byte)(0xC0 | tag), .. length, .. body];
    }
}
