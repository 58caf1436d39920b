using System.Collections.Concurrent;
using NexusPush.Runs;
using Spectre.Console;

namespace NexusPush.Progress;

/// <summary>
/// The terminal view (Spectre.Console, on stderr): overall files and bytes, plus one bar per file of at least
/// <see cref="BigFile"/> while it uploads. Cleared when the run ends, so the report that follows stands alone.
/// </summary>
internal sealed class LiveProgress : RunProgress
{
    private const long BigFile = 16L * 1024 * 1024;
    private readonly ProgressContext _context;
    private readonly ProgressTask _files;
    private readonly ProgressTask _bytes;
    private long _plannedBytes;
    private readonly ConcurrentDictionary<PlanItem, ProgressTask> _bars = new(ReferenceEqualityComparer.Instance);

    private LiveProgress(ProgressContext context)
    {
        _context = context;
        _files = context.AddTask("files", autoStart: true, maxValue: 1);
        _bytes = context.AddTask("bytes", autoStart: true, maxValue: 1);
    }

    /// <summary>Runs <paramref name="body"/> under the live view; the view ends when it does. Logs written to <paramref name="logs"/> meanwhile print above the bars.</summary>
    public static async Task<T> RunAsync<T>(TextWriter stderr, LogLineWriter logs, bool noColor, Func<LiveProgress, Task<T>> body)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = noColor ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(stderr),
        });
        ProgressTask? files = null;
        bool IsFiles(ProgressTask task) => ReferenceEquals(task, files);
        logs.Attach(console);
        try
        {
            return await console.Progress()
                .AutoClear(true)
                .HideCompleted(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new UnlessFilesColumn(new DownloadedColumn(), IsFiles), new UnlessFilesColumn(new TransferSpeedColumn(), IsFiles))
                .StartAsync(context =>
                {
                    var live = new LiveProgress(context);
                    files = live._files;
                    return body(live);
                });
        }
        finally
        {
            logs.Attach(null);
        }
    }

    public override void ItemPlanned(PlanItem item)
    {
        base.ItemPlanned(item);
        _files.MaxValue = Planned;
        _files.Description = FilesDescription;
        if (item.Action == PlanAction.Upload)
        {
            _bytes.MaxValue = Math.Max(1, _plannedBytes += item.Length);
        }
    }

    public override void PlanComplete()
    {
        base.PlanComplete();
        _files.Description = FilesDescription;
    }

    private string FilesDescription => $"{FilesText} ({Counts})";

    public override IProgress<long>? ItemStarted(PlanItem item)
    {
        if (item.Length >= BigFile)
        {
            _bars[item] = _context.AddTask(Markup.Escape(ControlChars.Escape(item.FileName)), autoStart: true, maxValue: item.Length);
        }

        return base.ItemStarted(item);
    }

    public override void ItemFinished(ItemResult result)
    {
        base.ItemFinished(result);
        _files.Value = Done;
        _files.Description = FilesDescription;
        if (_bars.TryRemove(result.Item, out var bar))
        {
            bar.StopTask();
            _context.RemoveTask(bar);
        }
    }

    public override void RunFinished(RunSummary summary)
    {
        _files.StopTask();
        _bytes.StopTask();
    }

    protected override void BytesSentFor(PlanItem item, long bytes)
    {
        base.BytesSentFor(item, bytes);
        _bytes.Increment(bytes);
        if (_bars.TryGetValue(item, out var bar))
        {
            bar.Increment(bytes);
        }
    }
}
