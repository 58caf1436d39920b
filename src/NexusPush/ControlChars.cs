using System.Text;

namespace NexusPush;

/// <summary>
/// File names may hold any byte but '/' and NUL: a newline would forge a report line, an ESC sequence would drive the
/// terminal. Text meant for people (the text report, logs) shows control characters as <c>ls -b</c> does — C escapes
/// (<c>\n</c>, <c>\t</c>, …), else three octal digits (<c>\033</c>) — and a backslash as <c>\\</c>, so the escaping
/// cannot be mistaken for a real name. JSON needs none of this: its own escaping already covers them.
/// </summary>
internal static class ControlChars
{
    public static string Escape(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '\\' => @"\\",
                '\a' => @"\a",
                '\b' => @"\b",
                '\t' => @"\t",
                '\n' => @"\n",
                '\v' => @"\v",
                '\f' => @"\f",
                '\r' => @"\r",
                _ when IsInvisible(c) => Octal(c),
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    private static bool NeedsEscape(char c) => c == '\\' || IsInvisible(c);

    /// <summary>
    /// Control characters, and Unicode format characters (a zero-width space, a right-to-left override, a BOM): those
    /// print as nothing, or reorder what follows, so a name holding one would read as another.
    /// </summary>
    private static bool IsInvisible(char c) => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    /// <summary>C0 controls and DEL as one octal byte; C1 controls (U+0080–U+009F) and format characters as their UTF-8 bytes, like ls -b in a UTF-8 locale.</summary>
    private static string Octal(char c) =>
        string.Concat(Encoding.UTF8.GetBytes([c]).Select(b => "\\" + Convert.ToString(b, 8).PadLeft(3, '0')));
}
