using System.Text;

namespace NexusPush.ClientConfig;

/// <summary>
/// apt's <c>Signed-By</c> keyring with a <c>.gpg</c> name must be a binary OpenPGP key; an ASCII-armored one must be
/// named <c>.asc</c>. Nexus's <c>repository-key.gpg</c> may be either, so the key is written binary (RFC 4880 §6:
/// the armor is base64 between the header block and the "=" checksum line). What the armor holds is judged by
/// <see cref="PublicKeyring"/>, never by its label: a secret key relabelled "PUBLIC KEY BLOCK" is still secret.
/// </summary>
internal static class OpenPgpArmor
{
    private const string PublicKeyHeader = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
    private const string AnyHeader = "-----BEGIN PGP ";

    /// <summary>Whether <paramref name="data"/> starts like a binary OpenPGP packet (the first octet's top bit is always set).</summary>
    public static bool LooksBinary(byte[] data) => data.Length > 0 && (data[0] & 0x80) != 0;

    /// <summary>The bytes inside the first armor block of <paramref name="text"/>, or null when there is none, its base64 is broken, or its checksum does not match.</summary>
    public static byte[]? Dearmor(byte[] text)
    {
        var lines = Encoding.ASCII.GetString(text).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.FindIndex(l => l.Trim().StartsWith(AnyHeader, StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        var body = lines.Skip(start + 1).SkipWhile(l => l.Trim().Length > 0).Skip(1);
        var base64 = new StringBuilder();
        string? checksum = null;
        foreach (var line in body.Select(l => l.Trim()))
        {
            if (line.StartsWith('='))
            {
                checksum = line[1..];
                break;
            }

            if (line.StartsWith("-----", StringComparison.Ordinal))
            {
                break;
            }

            base64.Append(line);
        }

        try
        {
            var binary = Convert.FromBase64String(base64.ToString());
            return checksum is null || checksum == Checksum(binary) ? binary : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The key armored, for printing to a terminal.</summary>
    public static string ToArmored(byte[] binary)
    {
        var text = new StringBuilder(PublicKeyHeader).Append("\n\n");
        var base64 = Convert.ToBase64String(binary);
        for (var i = 0; i < base64.Length; i += 64)
        {
            text.Append(base64.AsSpan(i, Math.Min(64, base64.Length - i))).Append('\n');
        }

        text.Append('=').Append(Checksum(binary)).Append('\n');
        return text.Append("-----END PGP PUBLIC KEY BLOCK-----\n").ToString();
    }

    private static string Checksum(byte[] binary)
    {
        var crc = Crc24(binary);
        return Convert.ToBase64String([(byte)(crc >> 16), (byte)(crc >> 8), (byte)crc]);
    }

    /// <summary>The armor checksum (RFC 4880 §6.1).</summary>
    private static int Crc24(byte[] data)
    {
        var crc = 0xB704CE;
        foreach (var b in data)
        {
            crc ^= b << 16;
            for (var i = 0; i < 8; i++)
            {
                crc <<= 1;
                if ((crc & 0x1000000) != 0)
                {
                    crc ^= 0x1864CFB;
                }
            }
        }

        return crc & 0xFFFFFF;
    }
}
