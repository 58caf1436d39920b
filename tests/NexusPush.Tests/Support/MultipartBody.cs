using System.Text;
using System.Text.RegularExpressions;

namespace NexusPush.Tests.Support;

/// <summary>One part of a recorded multipart/form-data body.</summary>
internal sealed record MultipartPart(string Name, string? FileName, string? ContentType, byte[] Content)
{
    public string Text => Encoding.UTF8.GetString(Content);
}

/// <summary>Splits a recorded request body into its parts, as Nexus's commons-fileupload would (nexus-contract.md §2.1).</summary>
internal static partial class MultipartBody
{
    public static List<MultipartPart> Parse(string contentType, byte[] body)
    {
        var boundary = Boundary().Match(contentType).Groups[1].Value.Trim('"');
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var parts = new List<MultipartPart>();
        var position = IndexOf(body, delimiter, 0);
        while (position >= 0)
        {
            var start = position + delimiter.Length;
            if (start + 1 < body.Length && body[start] == '-' && body[start + 1] == '-')
            {
                break; // closing delimiter
            }

            start += 2; // CRLF after the delimiter
            var next = IndexOf(body, delimiter, start);
            if (next < 0)
            {
                throw new FormatException("multipart body has no closing delimiter");
            }

            var headerEnd = IndexOf(body, "\r\n\r\n"u8.ToArray(), start);
            var headers = Encoding.UTF8.GetString(body, start, headerEnd - start);
            var contentStart = headerEnd + 4;
            var content = body[contentStart..(next - 2)]; // CRLF before the next delimiter
            parts.Add(new MultipartPart(
                Header(headers, "name") ?? string.Empty,
                Header(headers, "filename"),
                ContentTypeHeader().Match(headers) is { Success: true } m ? m.Groups[1].Value.Trim() : null,
                content));
            position = next;
        }

        return parts;
    }

    private static string? Header(string headers, string parameter)
    {
        var match = Regex.Match(headers, $@"[;\s]{parameter}=(""[^""]*""|[^;\r\n]*)", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value.Trim().Trim('"') : null;
    }

    private static int IndexOf(byte[] haystack, byte[] needle, int from) =>
        from > haystack.Length ? -1 : haystack.AsSpan(from).IndexOf(needle) is var i and >= 0 ? from + i : -1;

    [GeneratedRegex("boundary=([^;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"Content-Type:\s*([^\r\n]+)", RegexOptions.IgnoreCase)]
    private static partial Regex ContentTypeHeader();
}
