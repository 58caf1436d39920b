using NexusPush.Planning;

namespace NexusPush.Progress;

/// <summary>Receives the bytes of each upload as they go out (the executor asks for a reporter when an item starts).</summary>
internal interface IUploadProgress
{
    /// <summary>A reporter of bytes sent (increments) for this item, or null when nobody watches bytes.</summary>
    IProgress<long>? ItemStarted(PlanItem item);
}
