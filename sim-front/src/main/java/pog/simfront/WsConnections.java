package pog.simfront;

import io.javalin.websocket.WsContext;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A simulator's open WebSocket connections, each with the venue protocol's own state {@code S} (its subscriptions)
 * and its own outgoing queue, sent in order by a small pool of sending threads. A reader that falls
 * {@value #MAX_QUEUED} messages behind, or leaves one send unfinished for 10 s, is dropped (until then it occupies
 * one sending thread). A connection whose client says nothing for the idle limit of the simulator's clock is closed;
 * the server's own pushes do not count, as on the venues.
 *
 * <p>A connection is registered by its first callback, connect or message: Jetty may hand a message to the
 * application before the connect callback has run, and a subscription dropped then is one the client never sends
 * again.
 *
 * <p>Each connection knows the client's address ({@link Connection#address}), so a venue can keep limits per IP
 * across connections ({@link #from}); with {@link #maxPerAddress} set, {@link SimHttp} refuses the upgrade of a
 * client that already holds that many (in the venue's 429 words). The count is of registered connections: upgrades
 * that race each other from one address may both pass it, by at most the number in flight.
 */
public final class WsConnections<S> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WsConnections.class);
    static final int MAX_QUEUED = 10_000;
    private static final long SEND_TIMEOUT_SECONDS = 10;

    /**
     * The venue's rule for quiet clients: closed (status 1000 with {@code reason}) once silent for
     * {@code closeAfter}; with a {@code ping} text, sent that once when silent for half of it.
     */
    public record Idle(Duration closeAfter, String reason, String ping) {
        public Idle {
            if (closeAfter.isNegative() || closeAfter.isZero()) {
                throw new IllegalArgumentException("closeAfter must be positive");
            }
        }
    }

    private final Clock clock;
    private final Idle idle;
    private final Supplier<S> state;
    private final Map<String, Connection<S>> conns = new ConcurrentHashMap<>();
    private final ExecutorService senders;
    private final ScheduledExecutorService idleChecker;
    private volatile int maxPerAddress;

    /**
     * @param name    thread name prefix, e.g. "hl-sim"
     * @param senders sending threads shared by all connections
     * @param state   a new connection's protocol state
     */
    public WsConnections(String name, int senders, Clock clock, Idle idle, Supplier<S> state) {
        this.clock = clock;
        this.idle = idle;
        this.state = state;
        this.senders = Executors.newFixedThreadPool(senders, daemon(name + "-ws-send"));
        this.idleChecker = Executors.newSingleThreadScheduledExecutor(daemon(name + "-ws-idle"));
        idleChecker.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * At most {@code max} open connections per client address (0, the default, for no limit): {@link SimHttp}
     * refuses the upgrade beyond it.
     */
    public WsConnections<S> maxPerAddress(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxPerAddress must be 0 (no limit) or more");
        }
        this.maxPerAddress = max;
        return this;
    }

    public int maxPerAddress() {
        return maxPerAddress;
    }

    /** Whether a client at {@code address} may open one more connection. */
    public boolean admits(String address) {
        int max = maxPerAddress;
        return max == 0 || openFrom(address) < max;
    }

    /** Open connections from {@code address} (as {@link Connection#address} gives it). */
    public int openFrom(String address) {
        int n = 0;
        for (Connection<S> c : conns.values()) {
            if (c.address.equals(address)) {
                n++;
            }
        }
        return n;
    }

    /** The open connections from {@code address}, for limits a venue keeps per IP across connections. */
    public java.util.List<Connection<S>> from(String address) {
        java.util.List<Connection<S>> result = new java.util.ArrayList<>();
        for (Connection<S> c : conns.values()) {
            if (c.address.equals(address)) {
                result.add(c);
            }
        }
        return result;
    }

    /**
     * The client's IP address, as text ({@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1}); the same text
     * {@code HttpServletRequest.getRemoteAddr} gives an HTTP request from it, so a venue can share one per-IP
     * budget between both.
     */
    static String address(Session session) {
        java.net.SocketAddress remote = session.getRemoteSocketAddress();
        if (remote instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(remote);
    }

    /**
     * An address as an HTTP request gives it ({@code getRemoteAddr}, IPv6 possibly in brackets) in the form
     * {@link Connection#address} has, so the two can be compared.
     */
    public static String address(String remoteAddr) {
        if (remoteAddr == null) {
            return "";
        }
        String bare = remoteAddr.startsWith("[") && remoteAddr.endsWith("]")
                ? remoteAddr.substring(1, remoteAddr.length() - 1) : remoteAddr;
        try {
            // an IP literal: parsed, never looked up
            return java.net.InetAddress.getByName(bare).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            return bare;
        }
    }

    /** The socket's connect callback: the connection, registered now unless a message was first. */
    public Connection<S> opened(WsContext ctx) {
        Connection<S> c = register(ctx);
        log.info("event=ws_open id={} address={} open={}", c.id, c.address, conns.size());
        return c;
    }

    /** A message from the client: its connection (registered here if the message beat the connect callback). */
    public Connection<S> heard(WsContext ctx) {
        Connection<S> c = register(ctx);
        c.lastHeard = clock.millis();
        c.pinged = false;
        return c;
    }

    private Connection<S> register(WsContext ctx) {
        return conns.computeIfAbsent(ctx.sessionId(), id -> new Connection<>(this, id, ctx.session,
                address(ctx.session), state.get(), clock.millis()));
    }

    /** The socket's close or error callback. */
    public void closed(WsContext ctx) {
        if (conns.remove(ctx.sessionId()) != null) {
            log.info("event=ws_closed id={} open={}", ctx.sessionId(), conns.size());
        }
    }

    /** The open connections, for a push to whichever subscribed. */
    public Collection<Connection<S>> all() {
        return conns.values();
    }

    public int size() {
        return conns.size();
    }

    /** Fault injection: every connection is cut without a close frame, as a network failure would. */
    public int dropAll() {
        int n = 0;
        for (Connection<S> c : conns.values()) {
            conns.remove(c.id);
            c.session.disconnect();
            n++;
        }
        log.warn("event=ws_dropped_all count={}", n);
        return n;
    }

    /**
     * Applies the idle rule now (it also runs every second): pings each connection silent for half the limit (once;
     * any message, a pong too, counts as activity) and closes each silent for the whole limit.
     *
     * @return how many were closed
     */
    public int closeIdle() {
        long now = clock.millis();
        long limit = idle.closeAfter().toMillis();
        int closed = 0;
        for (Connection<S> c : conns.values()) {
            long silent = now - c.lastHeard;
            if (silent >= limit) {
                if (conns.remove(c.id) != null) {
                    closed++;
                    log.info("event=ws_idle_closed id={} silentMs={}", c.id, silent);
                    try {
                        c.session.close(1000, idle.reason(), Callback.NOOP);
                    } catch (RuntimeException e) {
                        c.session.disconnect();
                    }
                }
            } else if (idle.ping() != null && silent >= limit / 2 && !c.pinged) {
                c.pinged = true;
                c.send(idle.ping());
            }
        }
        return closed;
    }

    @Override
    public void close() {
        idleChecker.shutdownNow();
        for (Connection<S> c : conns.values()) {
            c.session.close();
        }
        conns.clear();
        senders.shutdownNow();
        try {
            senders.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drop(Connection<S> c) {
        conns.remove(c.id);
        c.session.disconnect();
    }

    /** One client: the protocol's state for it and its outgoing queue, sent one message at a time. */
    public static final class Connection<S> {
        private final WsConnections<S> owner;
        private final String id;
        private final Session session;
        private final String address;
        private final S state;
        /** Simulator-clock time of the client's last message (the connection's opening counts as one). */
        private volatile long lastHeard;
        /** The idle ping was sent since the client last said anything. */
        private volatile boolean pinged;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private boolean draining;

        private Connection(WsConnections<S> owner, String id, Session session, String address, S state,
                           long openedAt) {
            this.owner = owner;
            this.id = id;
            this.session = session;
            this.address = address;
            this.state = state;
            this.lastHeard = openedAt;
        }

        public String id() {
            return id;
        }

        /** The client's IP address (see {@link WsConnections#address}). */
        public String address() {
            return address;
        }

        /** The venue protocol's state for this connection (its subscriptions). */
        public S state() {
            return state;
        }

        /** Queues {@code text}; a connection already {@value WsConnections#MAX_QUEUED} behind is dropped instead. */
        public void send(String text) {
            synchronized (this) {
                if (queue.size() >= MAX_QUEUED) {
                    log.warn("event=ws_slow_consumer id={} queued={} action=drop", id, queue.size());
                    owner.drop(this);
                    return;
                }
                queue.add(text);
                if (draining) {
                    return;
                }
                draining = true;
            }
            try {
                owner.senders.execute(this::drain);
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }

        private void drain() {
            while (true) {
                String next;
                synchronized (this) {
                    next = queue.poll();
                    if (next == null || !session.isOpen()) {
                        queue.clear();
                        draining = false;
                        return;
                    }
                }
                Callback.Completable done = new Callback.Completable();
                session.sendText(next, done);
                try {
                    done.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.info("event=ws_send_failed id={} error={}", id, e.toString());
                    synchronized (this) {
                        queue.clear();
                        draining = false;
                    }
                    owner.drop(this);
                    return;
                }
            }
        }
    }
}
