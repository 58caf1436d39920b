using System.Text;
using System.Text.RegularExpressions;

namespace NexusPush.Tests.Support.Faults;

/// <summary>Just enough multipart/form-data parsing for the fault server to store a raw upload the way Nexus does (nexus-api.md §2.1, §3).</summary>
internal static partial class MultipartReader
{
    /// <summary>The parts of a form: field name → (file name or null, bytes).</summary>
    public static Dictionary<string, (string? FileName, byte[] Content)> Parse(string contentType, byte[] body)
    {
        var boundary = Boundary().Match(contentType).Groups[1].Value.Trim('"');
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new Dictionary<string, (string?, byte[])>();
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var start = position + delimiter.Length;
            if (start + 2 <= body.Length && body[start] == '-' && body[start + 1] == '-')
            {
                break;
            }

            var next = IndexOf(body, delimiter, start);
            if (next < 0)
            {
                break;
            }

            var part = body.AsSpan(start + 2, next - start - 4); // skip the CRLF after the delimiter and before the next one
            var headerEnd = IndexOf(part.ToArray(), "\r\n\r\n"u8.ToArray(), 0);
            var headers = Encoding.UTF8.GetString(part[..headerEnd]);
            var name = Field().Match(headers).Groups[1].Value;
            var fileName = FileName().Match(headers) is { Success: true } m ? m.Groups[1].Value : null;
            parts[name] = (fileName, part[(headerEnd + 4)..].ToArray());
            position = next;
        }

        return parts;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from)
    {
        var index = haystack.AsSpan(from).IndexOf(needle);
        return index < 0 ? -1 : index + from;
    }

    [GeneratedRegex("boundary=(\"[^\"]+\"|[^;]+)")]
    private static partial Regex Boundary();

    [GeneratedRegex(";\\s*name=\"?([^\";]+)\"?")]
    private static partial Regex Field();

    [GeneratedRegex(";\\s*filename=\"?([^\";]+)\"?")]
    private static partial Regex FileName();
}
