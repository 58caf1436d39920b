namespace NexusPush.ClientConfig;

/// <summary>
/// What Nexus serves as <c>repository-key.gpg</c>, judged packet by packet (RFC 4880 §4, §5; docs/nexus-contract.md
/// §10) before it becomes a client's trust anchor: a keyring is transferable public keys — a public-key packet, then
/// its user ids, user attributes, signatures and public subkeys — or nothing. A secret-key or secret-subkey packet
/// anywhere makes it a private key that must never be distributed; any other packet, a header that is no OpenPGP
/// packet, a length past the end or a partial (streamed) length makes it "not an OpenPGP public key". Trust packets
/// are dropped: they hold the exporting keyring's own trust settings and are never meant to travel (RFC 4880 §5.10).
/// </summary>
internal static class PublicKeyring
{
    private const int SecretKey = 5;
    private const int PublicKey = 6;
    private const int SecretSubkey = 7;
    private const int Trust = 12;

    /// <summary>The packets a transferable public key is made of (RFC 4880 §11.1).</summary>
    private static readonly Dictionary<int, string> Allowed = new()
    {
        [2] = "signature",
        [PublicKey] = "public-key",
        [13] = "user id",
        [14] = "public-subkey",
        [17] = "user attribute",
    };

    /// <summary>Reads <paramref name="served"/> (binary or armored).</summary>
    public static KeyringCheck Check(byte[] served)
    {
        var binary = OpenPgpArmor.LooksBinary(served) ? served : OpenPgpArmor.Dearmor(served);
        if (binary is null)
        {
            return KeyringCheck.NotAKey("neither binary OpenPGP packets nor an intact armored block");
        }

        var keyring = new MemoryStream(binary.Length);
        var position = 0;
        var count = 0;
        while (position < binary.Length)
        {
            var start = position;
            if (ReadHeader(binary, ref position) is not { } header || header.Length > binary.Length - position)
            {
                return KeyringCheck.NotAKey($"byte {start} does not start a complete OpenPGP packet");
            }

            var tag = header.Tag;
            if (tag is SecretKey or SecretSubkey)
            {
                return KeyringCheck.Private;
            }

            position += (int)header.Length;
            if (count++ == 0 && tag != PublicKey)
            {
                return KeyringCheck.NotAKey($"it starts with a {Name(tag)} packet, not a public key");
            }

            if (tag == Trust)
            {
                continue;
            }

            if (!Allowed.ContainsKey(tag))
            {
                return KeyringCheck.NotAKey($"it holds a {Name(tag)} packet");
            }

            keyring.Write(binary, start, position - start);
        }

        return count == 0 ? KeyringCheck.NotAKey("it is empty") : KeyringCheck.Accepted(keyring.ToArray());
    }

    /// <summary>
    /// One packet header: the tag and the body length, with <paramref name="position"/> moved past it; null for an
    /// octet without the top bit, an indeterminate (old format) or partial (new format) length, or a header cut off.
    /// </summary>
    private static (int Tag, long Length)? ReadHeader(byte[] data, ref int position)
    {
        var header = data[position++];
        if ((header & 0x80) == 0)
        {
            return null;
        }

        if ((header & 0x40) == 0)
        {
            // Old format: tag in bits 5-2, length type in bits 1-0 (1, 2 or 4 octets; 3 is "until the end").
            var octets = (header & 0x03) switch { 0 => 1, 1 => 2, 2 => 4, _ => 0 };
            return octets == 0 || ReadNumber(data, ref position, octets) is not { } oldLength ? null : ((header >> 2) & 0x0F, oldLength);
        }

        // New format: tag in bits 5-0, then a one-, two- or five-octet length; 224-254 is a partial length, used only by data packets.
        if (position >= data.Length)
        {
            return null;
        }

        var first = data[position++];
        long? length = first switch
        {
            < 192 => first,
            < 224 => position < data.Length ? ((first - 192) << 8) + data[position++] + 192 : null,
            255 => ReadNumber(data, ref position, 4),
            _ => null,
        };
        return length is { } newLength ? (header & 0x3F, newLength) : null;
    }

    private static long? ReadNumber(byte[] data, ref int position, int octets)
    {
        if (data.Length - position < octets)
        {
            return null;
        }

        long value = 0;
        for (var i = 0; i < octets; i++)
        {
            value = (value << 8) | data[position++];
        }

        return value;
    }

    private static string Name(int tag) => Allowed.TryGetValue(tag, out var name) ? name : tag switch
    {
        1 => "public-key encrypted session key",
        3 => "symmetric-key encrypted session key",
        4 => "one-pass signature",
        8 => "compressed data",
        9 or 18 => "encrypted data",
        10 => "marker",
        11 => "literal data",
        Trust => "trust",
        _ => $"tag {tag}",
    };
}

/// <summary>The verdict on a served key: the binary keyring to write, a private key, or why it is no public key.</summary>
internal sealed record KeyringCheck(byte[]? Keyring, bool IsPrivate, string? Problem)
{
    public static KeyringCheck Private { get; } = new(null, true, null);

    public static KeyringCheck Accepted(byte[] keyring) => new(keyring, false, null);

    public static KeyringCheck NotAKey(string problem) => new(null, false, problem);
}
