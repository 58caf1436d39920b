using System.Net;
using System.Net.Sockets;

namespace NexusPush.Tests.Operations;

/// <summary>A loopback port nothing listens on (bound then released), for "connection refused" cases.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
