using System.Net;
using System.Net.Sockets;

namespace OrleansDb.Tests.Processes;

/// <summary>Loopback TCP ports that were free a moment ago, as the operating system hands them out.</summary>
public static class FreeTcpPorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct free ports. All listeners are held until every port is
    /// chosen, so the ports differ from each other; another program may still take one before it is used.
    /// </summary>
    public static int[] Take(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var listener in listeners) listener.Stop();
        }
    }
}
