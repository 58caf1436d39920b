using Spectre.Console;
using Spectre.Console.Rendering;

namespace NexusPush.Progress;

/// <summary>A byte column (size, speed) that stays empty on the files-count row, where bytes would be nonsense.</summary>
internal sealed class UnlessFilesColumn(ProgressColumn inner, Func<ProgressTask, bool> isFilesRow) : ProgressColumn
{
    public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
        isFilesRow(task) ? Text.Empty : inner.Render(options, task, deltaTime);

    public override int? GetColumnWidth(RenderOptions options) => inner.GetColumnWidth(options);
}
