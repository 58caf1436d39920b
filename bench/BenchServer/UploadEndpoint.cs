using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace BenchServer;

/// <summary>
/// <c>POST /service/rest/v1/components?repository=R</c> for raw repositories (nexus-contract.md §2): the multipart body is
/// read as a stream, each file part hashed while it goes by and discarded, never buffered; 204 on success.
/// </summary>
internal static class UploadEndpoint
{
    private const int BufferSize = 128 * 1024;
    private const int ReaderBufferSize = 256 * 1024;

    public static async Task HandleAsync(HttpContext context, ServerOptions options, AssetStore store, BenchStats stats)
    {
        var cancel = context.RequestAborted;
        var repository = context.Request.Query["repository"].ToString();
        if (repository.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status422UnprocessableEntity; // §2.3
            return;
        }

        if (!options.Knows(repository))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound; // §2.3: empty body
            return;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            await NexusJson.WriteAsync(context, StatusCodes.Status400BadRequest, w => w.WriteError("*", "\"Expected multipart Content-Type\""));
            return;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new Dictionary<string, (long Size, Checksums Checksums)>(StringComparer.Ordinal);
        // The default 4 KiB buffer makes boundary scanning the bottleneck at loopback speeds; the default body limit is 128 MB.
        var reader = new MultipartReader(boundary, context.Request.Body, ReaderBufferSize) { BodyLengthLimit = null };
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        // The file parts are all but the whole body; pacing their reads lets TCP slow the client to the link's rate.
        var pacer = options.LinkMbps > 0 ? new LinkPacer(options.LinkMbps) : null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancel) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }

                // §2.1: the "raw." prefix is optional.
                var name = StripFormat(HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? string.Empty);
                if (disposition.FileName.HasValue || disposition.FileNameStar.HasValue)
                {
                    files[name] = await ReceiveAsync(section.Body, buffer, options.AllChecksums, pacer, cancel);
                }
                else
                {
                    using var text = new StreamReader(section.Body, Encoding.UTF8);
                    var value = await text.ReadToEndAsync(cancel);
                    if (!string.IsNullOrWhiteSpace(value))
                    {
                        fields[name] = value; // §2.1: blank values are dropped
                    }
                }
            }
        }
        catch (InvalidDataException e)
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError; // §2.3: malformed multipart
            await context.Response.WriteAsync($"ERROR: (ID bench) java.io.IOException: {e.Message}", cancel);
            return;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var errors = Validate(fields, files);
        if (errors.Count > 0)
        {
            await NexusJson.WriteAsync(context, StatusCodes.Status400BadRequest, w =>
            {
                w.WriteStartArray();
                foreach (var (id, message) in errors)
                {
                    w.WriteError(id, message);
                }

                w.WriteEndArray();
            });
            return;
        }

        foreach (var (part, file) in files)
        {
            store.Put(repository, RawPath(fields["directory"], fields[part + ".filename"]), file.Size, file.Checksums);
            stats.Post(file.Size);
        }

        if (options.DelayMs > 0)
        {
            await Task.Delay(options.DelayMs, cancel); // a slow Nexus (backpressure scenario)
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>§3 raw: normalize(directory.trim() + "/" + filename.trim()) with one leading '/'.</summary>
    internal static string RawPath(string directory, string filename)
    {
        var joined = directory.Trim() + "/" + filename.Trim();
        var segments = joined.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return "/" + string.Join('/', segments);
    }

    private static List<(string Id, string Message)> Validate(Dictionary<string, string> fields, Dictionary<string, (long, Checksums)> files)
    {
        var errors = new List<(string, string)>();
        if (files.Count == 0)
        {
            errors.Add(("*", "No assets found in upload"));
        }

        if (!fields.ContainsKey("directory"))
        {
            errors.Add(("directory", "Missing required component field 'Directory'"));
        }

        foreach (var part in files.Keys)
        {
            if (!fields.ContainsKey(part + ".filename"))
            {
                errors.Add((part + ".filename", $"Missing required asset field 'Filename' on '{part}'"));
            }
        }

        foreach (var field in fields.Keys)
        {
            var owner = field.Split('.')[0];
            if (field != "directory" && !(field.Contains('.', StringComparison.Ordinal) && files.ContainsKey(owner)))
            {
                errors.Add((field, $"Unknown component field '{field}'"));
            }
        }

        return errors;
    }

    private static string StripFormat(string name) => name.StartsWith("raw.", StringComparison.Ordinal) ? name[4..] : name;

    private static async Task<(long Size, Checksums Checksums)> ReceiveAsync(Stream body, byte[] buffer, bool allChecksums, LinkPacer? pacer, CancellationToken cancel)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        using var sha256 = allChecksums ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        using var md5 = allChecksums ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        using var sha512 = allChecksums ? IncrementalHash.CreateHash(HashAlgorithmName.SHA512) : null;
        long size = 0;
        int read;
        while ((read = await body.ReadAsync(buffer.AsMemory(0, BufferSize), cancel)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            sha1.AppendData(chunk);
            sha256?.AppendData(chunk);
            md5?.AppendData(chunk);
            sha512?.AppendData(chunk);
            size += read;
            if (pacer is not null)
            {
                await pacer.ReadAsync(read, cancel);
            }
        }

        static string? Hex(IncrementalHash? hash) => hash is null ? null : Convert.ToHexStringLower(hash.GetHashAndReset());
        return (size, new Checksums(Hex(sha1)!, Hex(sha256), Hex(md5), Hex(sha512)));
    }
}
