namespace NexusPush.Configuration;

/// <summary>
/// The line of a position in the config file, for error messages. The parsers ask for the line of every key and
/// value, in order, so counting from the start each time made loading quadratic (350,000 rules did not load in two
/// minutes); this counter goes on from the last position asked and counts each byte once for a forward read.
/// </summary>
internal sealed class LineCounter(byte[] bytes)
{
    private int _position;
    private int _line = 1;

    /// <summary>Bytes looked at so far: a test's measure that loading is linear in the file's size.</summary>
    public long BytesScanned { get; private set; }

    /// <summary>The 1-based line holding <paramref name="offset"/> (clamped to the file).</summary>
    public int LineAt(long offset)
    {
        var end = (int)Math.Clamp(offset, 0, bytes.Length);
        if (end < _position)
        {
            // Rare (a parser looking back): count the stretch between backwards rather than from the start.
            _line -= bytes.AsSpan(end, _position - end).Count((byte)'\n');
            BytesScanned += _position - end;
        }
        else
        {
            _line += bytes.AsSpan(_position, end - _position).Count((byte)'\n');
            BytesScanned += end - _position;
        }

        _position = end;
        return _line;
    }
}
