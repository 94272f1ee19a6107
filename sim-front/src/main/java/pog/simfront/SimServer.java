package pog.simfront;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.sim.Exchange;
import pog.sim.Faults;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A running venue simulator: its simulator {@code S}, its WebSocket hub and its port, started and stopped in one
 * order for every venue. A venue's server class gives its routes, its words ({@link SimHttp.Dialect}) and its hub,
 * then calls {@link #listen} last in its constructor, once everything its routes read is in place.
 *
 * <p>Closing stops the price feed and the port first (no request is handled after), then the hub, then the
 * simulator, which flushes nothing that was not already committed.
 */
public abstract class SimServer<S extends AutoCloseable> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimServer.class);

    private final String venue;
    private final S simulator;
    private final AutoCloseable hub;
    private WsConnections<?> connections;
    private SimHttp http;
    private Exchange exchange;

    /**
     * @param hub what to close (and detach from the simulator's events) when the server stops
     */
    protected SimServer(String venue, S simulator, AutoCloseable hub) {
        this.venue = venue;
        this.simulator = simulator;
        this.hub = hub;
    }

    /**
     * Serves the venue's routes and socket with the shared ones; on failure the hub is closed (the caller closes the
     * simulator, see {@link #serving}).
     *
     * @param detail what the start log line adds, e.g. {@code network=testnet}
     */
    protected final <C> void listen(SimHttp.Settings settings, Exchange exchange, SimHttp.Dialect dialect,
                                    String wsPath, WsConnections<C> connections, SimHttp.Socket<C> socket,
                                    Consumer<JavalinConfig> routes, String detail) {
        listen(settings, exchange, dialect, wsPath, connections, socket, routes, java.util.Map.of(), detail);
    }

    /** As above, with the venue's hot {@code POST} routes served in front of Javalin ({@link SimHttp.Direct}). */
    protected final <C> void listen(SimHttp.Settings settings, Exchange exchange, SimHttp.Dialect dialect,
                                    String wsPath, WsConnections<C> connections, SimHttp.Socket<C> socket,
                                    Consumer<JavalinConfig> routes, java.util.Map<String, SimHttp.Direct> direct,
                                    String detail) {
        this.connections = connections;
        this.exchange = exchange;
        try {
            http = SimHttp.start(settings, exchange, dialect, wsPath, connections, socket, routes, direct);
        } catch (RuntimeException e) {
            closeQuietly(hub);
            throw e;
        }
        log.info("event=sim_listening venue={} port={} admin={} {}", venue, http.port(), settings.admin(), detail);
    }

    /** Builds a server for {@code simulator}; if that fails, the simulator is closed too and nothing is left open. */
    protected static <T extends SimServer<?>> T serving(AutoCloseable simulator, Supplier<T> server) {
        try {
            return server.get();
        } catch (RuntimeException e) {
            closeQuietly(simulator);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("event=close_failed error={}", e.toString());
        }
    }

    /** Draws a venue request's fate from the faults: true to handle it, false when it was answered 502/429. */
    protected final boolean admit(Context ctx) throws InterruptedException {
        return http.admit(ctx);
    }

    /** The port it serves (the one asked for, or the free one chosen for port 0). */
    public int port() {
        return http.port();
    }

    public S simulator() {
        return simulator;
    }

    /** The sim core under the venue's rules: feed control ({@code step}, {@code jump}), recording, tests. */
    public Exchange exchange() {
        return exchange;
    }

    /** The injected faults, also changed at run time through {@code POST /admin/faults}. */
    public Faults faults() {
        return http.faults();
    }

    /** Open WebSocket connections. */
    public int webSocketConnections() {
        return connections.size();
    }

    /** Applies the venue's idle rule now (it also runs every second); how many connections it closed. */
    public int closeIdleWebSockets() {
        return connections.closeIdle();
    }

    /** Fault injection: cuts every WebSocket without a close frame; how many there were. */
    public int dropWebSockets() {
        return connections.dropAll();
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        closeQuietly(hub);
        closeQuietly(simulator);
        log.info("event=sim_stopped venue={}", venue);
    }
}
