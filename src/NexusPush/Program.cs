using System.Text;
using Microsoft.Win32.SafeHandles;
using NexusPush;
using NexusPush.Cli;

// stdout and stderr as plain file descriptors, not Console.Out/Console.Error: the first write through Console on a
// terminal switches its keypad mode with an escape sequence, which a PTY log (a CI step, script) keeps.
using var stdout = StandardStream(1);
using var stderr = StandardStream(2);
return await CliApp.RunAsync(args, stdout, stderr, ProcessEnvironment.FromProcess());

static StreamWriter StandardStream(int descriptor) =>
    new(new FileStream(new SafeFileHandle(descriptor, ownsHandle: false), FileAccess.Write, bufferSize: 1), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
