namespace NexusPush.Formats.Reading;

/// <summary>
/// A file's bytes break the rules of the format a reader expected. Thrown only inside the readers;
/// <see cref="FormatDetector"/> turns it into <see cref="Detection.Invalid"/> with the message as the reason, so the
/// message is one phrase a person understands ("truncated RPM header"), never a stack trace.
/// </summary>
internal sealed class MalformedPackageException(string reason) : Exception(reason);
