using System.Text;

namespace NexusPush.Tests.Sync;

/// <summary>A minimal multipart/form-data reader for the fake server: part name, filename and content bytes.</summary>
internal static class Multipart
{
    public static List<(string Name, string? FileName, byte[] Content)> Parse(byte[] body, string contentType)
    {
        var boundary = contentType.Split("boundary=")[1].Trim('"');
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<(string, string?, byte[])>();
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var start = position + delimiter.Length;
            if (start + 2 <= body.Length && body[start] == '-' && body[start + 1] == '-')
            {
                break;
            }

            var headersEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), start);
            var next = IndexOf(body, delimiter, headersEnd);
            var headers = Encoding.UTF8.GetString(body, start, headersEnd - start);
            var content = body[(headersEnd + 4)..(next - 2)];
            parts.Add((Attribute(headers, "name")!, Attribute(headers, "filename"), content));
            position = next;
        }

        return parts;
    }

    private static string? Attribute(string headers, string name)
    {
        var marker = "; " + name + "=";
        var at = headers.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var value = headers[(at + marker.Length)..].Split([';', '\r', '\n'])[0];
        return value.Trim('"');
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from) =>
        haystack.AsSpan(from).IndexOf(needle) is var index and >= 0 ? index + from : -1;
}
