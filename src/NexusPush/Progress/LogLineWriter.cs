using System.Text;
using Spectre.Console;

namespace NexusPush.Progress;

/// <summary>
/// The writer logs go to: whole lines to stderr, or — while the live view runs — through the live view's console,
/// which prints them above the bars instead of tearing the display.
/// </summary>
internal sealed class LogLineWriter(TextWriter target) : TextWriter
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _line = new();
    private IAnsiConsole? _live;

    public override Encoding Encoding => target.Encoding;

    /// <summary>Route lines through <paramref name="console"/> (null: back to the plain writer).</summary>
    public void Attach(IAnsiConsole? console)
    {
        lock (_gate)
        {
            _live = console;
        }
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                var line = _line.ToString().TrimEnd('\r');
                _line.Clear();
                if (_live is { } live)
                {
                    live.Write(new Text(line + "\n"));
                }
                else
                {
                    target.WriteLine(line);
                    target.Flush();
                }
            }
            else
            {
                _line.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }
    }

    /// <summary>Whole lines are atomic, whichever thread writes them (logs and the plain progress line).</summary>
    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            Write(value);
            Write('\n');
        }
    }
}
