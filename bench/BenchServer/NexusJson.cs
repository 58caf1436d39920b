using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BenchServer;

/// <summary>JSON answers written by hand: a few fixed shapes, no reflection, no serializer set-up.</summary>
internal static class NexusJson
{
    // Nexus (Jackson) pretty-prints and leaves '+' and quotes unescaped (nexus-contract.md §1).
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Indented))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    /// <summary>A ValidationErrorXO (§1.1).</summary>
    public static void WriteError(this Utf8JsonWriter writer, string id, string message)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("message", message);
        writer.WriteEndObject();
    }

    /// <summary>A RepositoryXO (§5.3): every bench repository is a hosted raw one.</summary>
    public static void WriteRepository(this Utf8JsonWriter writer, string baseUrl, string name)
    {
        writer.WriteStartObject();
        writer.WriteString("name", name);
        writer.WriteString("format", "raw");
        writer.WriteString("type", "hosted");
        writer.WriteString("url", $"{baseUrl}/repository/{name}");
        writer.WriteStartObject("attributes");
        writer.WriteEndObject();
        writer.WriteBoolean("online", true);
        writer.WriteEndObject();
    }

    /// <summary>An AssetXO (§5.3), raw flavour.</summary>
    public static void WriteAsset(this Utf8JsonWriter writer, string baseUrl, StoredAsset asset)
    {
        var created = asset.Created.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);
        writer.WriteStartObject();
        writer.WriteString("downloadUrl", $"{baseUrl}/repository/{asset.Repository}{asset.Path}");
        writer.WriteString("path", asset.Path);
        writer.WriteString("id", asset.Id.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("repository", asset.Repository);
        writer.WriteString("format", "raw");
        writer.WriteStartObject("checksum");
        writer.WriteString("sha1", asset.Checksums.Sha1);
        WriteIfKnown(writer, "sha512", asset.Checksums.Sha512);
        WriteIfKnown(writer, "sha256", asset.Checksums.Sha256);
        WriteIfKnown(writer, "md5", asset.Checksums.Md5);
        writer.WriteEndObject();
        writer.WriteString("contentType", "application/octet-stream");
        writer.WriteString("lastModified", created);
        writer.WriteNull("lastDownloaded");
        writer.WriteString("uploader", "bench");
        writer.WriteString("uploaderIp", "127.0.0.1");
        writer.WriteNumber("fileSize", asset.Size);
        writer.WriteString("blobCreated", created);
        writer.WriteString("blobStoreName", "default");
        writer.WriteStartObject("raw");
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteIfKnown(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
