namespace NexusPush.Formats.Reading;

/// <summary>
/// A file's bytes break the rules of the format a reader expected. Thrown only inside the readers;
/// <see cref="FormatDetector"/> turns it into <see cref="Detection.Invalid(ArtifactFormat, string)"/> with the message as the reason, so the
/// message is one phrase a person understands ("truncated RPM header"), never a stack trace.
/// </summary>
internal class MalformedPackageException(string reason) : Exception(reason);

/// <summary>
/// A reader stopped at one of <see cref="ReadingLimits"/>: the file may be fine, it is only more than nexus-push
/// looks at. Where "broken" and "too big to be sure" lead to different results (a tarball), readers tell them apart
/// by this type; everywhere else it is a <see cref="MalformedPackageException"/> like any other.
/// </summary>
internal sealed class ReadingLimitException(string reason) : MalformedPackageException(reason);
