package pog.common.http;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Bounds what one client can hold: at most {@code perAddress} open connections per remote address (every loopback
 * address counts as one client, with its own, larger bound: PM, the watchdog and a local dashboard must not be locked
 * out by a local process filling a small cap), and a connection that has not delivered its first request's headers
 * within {@code headerMillis} is closed (slowloris). A connection over the cap is closed at once, before a byte is
 * read. Neither holds a thread: headers are parsed as bytes arrive.
 */
final class ConnectionGuard implements Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger(ConnectionGuard.class);
    private static final String LOOPBACK = "loopback";

    private final int perAddress;
    private final int perLoopback;
    private final long headerMillis;
    private final Scheduler scheduler;
    private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();
    // the remote address of a closed endpoint may be gone: remember whose connection it was (and its deadline, so a
    // flood of short connections leaves no pending timers behind)
    private final ConcurrentHashMap<Connection, Owner> owners = new ConcurrentHashMap<>();

    private record Owner(String client, Scheduler.Task deadline) {
    }

    ConnectionGuard(int perAddress, int perLoopback, long headerMillis, Scheduler scheduler) {
        this.perAddress = perAddress;
        this.perLoopback = perLoopback;
        this.headerMillis = headerMillis;
        this.scheduler = scheduler;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection) {
            // under TLS the HTTP connection on top of it is guarded (its deadline covers the handshake as well)
            return;
        }
        String client = client(connection);
        int limit = client.equals(LOOPBACK) ? perLoopback : perAddress;
        owners.put(connection, new Owner(client, null));
        int now = open.merge(client, 1, Integer::sum);
        if (now > limit) {
            log.debug("event=http_connection_refused client={} open={} limit={}", client, now - 1, limit);
            connection.getEndPoint().close();
            return;
        }
        Scheduler.Task deadline = scheduler.schedule(() -> {
            if (connection.getMessagesIn() <= 0 && connection.getEndPoint().isOpen()) {
                log.debug("event=http_header_timeout client={}", client);
                connection.getEndPoint().close();
            }
        }, headerMillis, TimeUnit.MILLISECONDS);
        owners.computeIfPresent(connection, (c, o) -> new Owner(client, deadline));
    }

    @Override
    public void onClosed(Connection connection) {
        if (connection instanceof SslConnection) {
            return;
        }
        Owner owner = owners.remove(connection);
        if (owner != null) {
            if (owner.deadline() != null) {
                owner.deadline().cancel();
            }
            open.computeIfPresent(owner.client(), (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static String client(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            InetAddress a = inet.getAddress();
            return a.isLoopbackAddress() ? LOOPBACK : a.getHostAddress();
        }
        return "?";
    }
}
