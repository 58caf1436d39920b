using System.Runtime.InteropServices;
using NexusPush;
using NexusPush.Cli;

// stdout and stderr as plain descriptors written with write(2), not Console.Out/Console.Error (see StandardStream).
var (stdout, stderr) = StandardStream.Open();

// SIGTERM (a CI's Stop) and SIGINT (Ctrl-C) cancel the run before any work starts, not only after the verb's first
// await as System.CommandLine's own handler would: a config file still loading, an offline dry run and a run whose
// pipes are gone all end with exit 130 and their report. A second signal ends the process at once.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
return await CliApp.RunAsync(args, stdout, stderr, ProcessEnvironment.FromProcess(), cancellationToken: stop.Token);

void Stop(PosixSignalContext signal)
{
    if (!stop.IsCancellationRequested)
    {
        signal.Cancel = true;
        stop.Cancel();
    }
}
