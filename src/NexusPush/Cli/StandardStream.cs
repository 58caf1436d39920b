using System.Runtime.InteropServices;
using NexusPush.Runs;

namespace NexusPush.Cli;

/// <summary>
/// stdout or stderr as the process got it, written with plain write(2) on the descriptor. Not a FileStream: on a
/// regular file a FileStream writes at a position of its own (pwrite), so with <c>&gt; log 2&gt;&amp;1</c> the two streams
/// overwrite each other and a <c>{ echo; nexus-push; echo; } &gt; log</c> loses lines; write(2) uses the offset the shell
/// shares. Not Console either: its first write on a terminal switches the keypad mode with an escape sequence, which a
/// PTY log keeps. stderr is <paramref name="quiet"/>: a message that cannot be written (the reader went away, as when
/// Buildbot stops a step) is dropped, never thrown, so no error path can fail on its own message.
/// </summary>
/// <param name="descriptor">1 or 2.</param>
/// <param name="quiet">Drop write errors instead of throwing them.</param>
internal sealed class StandardStream(int descriptor, bool quiet) : Stream
{
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const int Epipe = 32;

    private bool _broken;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>stdout and stderr as writers that flush every write (a line reaches a log when it is written).</summary>
    public static (TextWriter Stdout, TextWriter Stderr) Open()
    {
        var utf8 = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
        return (new StreamWriter(new StandardStream(1, quiet: false), utf8, bufferSize: 4096) { AutoFlush = true },
            new StreamWriter(new StandardStream(2, quiet: true), utf8, bufferSize: 4096) { AutoFlush = true });
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_broken && quiet)
        {
            return;
        }

        while (!buffer.IsEmpty)
        {
            var written = NativeMethods.Write(descriptor, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (written >= 0)
            {
                buffer = buffer[(int)written..];
                continue;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == Eintr)
            {
                continue;
            }

            if (errno == Eagain)
            {
                Thread.Sleep(1); // a descriptor someone made non-blocking: wait for the reader
                continue;
            }

            _broken = true;
            if (quiet)
            {
                return;
            }

            throw errno == Epipe ? new ReaderClosedException() : new IOException(Marshal.GetPInvokeErrorMessage(errno), errno);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392 // a plain libc call; LibraryImport would need unsafe code for no gain here
        [DllImport("libc", EntryPoint = "write", SetLastError = true)]
        public static extern nint Write(int fd, ref byte buffer, nuint count);
#pragma warning restore SYSLIB1054, CA5392
    }
}
