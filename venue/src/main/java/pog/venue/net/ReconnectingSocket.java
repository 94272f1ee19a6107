package pog.venue.net;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * One venue WebSocket that stays up: it subscribes on every open, pings, treats a ping without pong or a closed
 * socket as a drop, and reconnects with backoff. After every (re)connect it calls {@link Handler#onUp}, the gap-fill
 * hook where the venue takes a REST snapshot of what it may have missed. Each venue supplies only its words, a
 * {@link Dialect}.
 *
 * <p>All state changes and all message handling run on one thread, in arrival order; each connection has a
 * generation number, so callbacks of a socket already given up are ignored. A handler that throws is logged and
 * never ends the stream. The backoff is reset only when a connection proves alive (its first message), so a server
 * that accepts and drops at once is retried ever more slowly, not in a tight loop.
 */
public final class ReconnectingSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReconnectingSocket.class);

    /**
     * A venue's words on the wire: its name and ping text (given to the constructor) and what differs beyond them.
     * Called on the socket's thread.
     */
    public abstract static class Dialect {
        private final String name;
        private final String ping;

        /**
         * @param name prefix of the log events and the thread: "hl" logs {@code event=hl_ws_up}
         * @param ping the text of a client ping
         */
        protected Dialect(String name, String ping) {
            this.name = name;
            this.ping = ping;
        }

        /** Prefix of the log events and the thread. */
        public final String name() {
            return name;
        }

        /** The text of a client ping. */
        public final String ping() {
            return ping;
        }

        /** The subscribe messages for a fresh connection, built now (so auth tokens in them are fresh). */
        public abstract List<String> subscriptions();

        /**
         * A pong answers every ping sent before it (pongs carry no id); by default a message whose
         * {@link #channelOf channel} is {@code pong}.
         */
        public boolean isPong(JsonNode message) {
            return "pong".equals(channelOf(message));
        }

        /** The answer to a message the server wants answered (its own pings), or null for any other message. */
        public String reply(JsonNode message) {
            return null;
        }

        /** Text that is not a message at all (a greeting); passed over silently. */
        public boolean ignore(String text) {
            return false;
        }

        /** What a message is about, for log lines. */
        public String channelOf(JsonNode message) {
            return "";
        }
    }

    /** What the socket tells its owner; called on the socket's thread. */
    public interface Handler {
        void onMessage(JsonNode message);

        /**
         * Subscribed on a fresh connection: the gap-fill hook (fetch what happened while away). Throwing counts as a
         * drop, so the connection is retried and the gap-fill with it.
         */
        void onUp() throws Exception;

        void onDown(String reason);
    }

    /**
     * What health can show: whether the stream is up, how often it connected, the consecutive failed attempts and the
     * delay before the next one, how long since the last message (null before the first), and the last drop's reason.
     */
    public record Status(boolean connected, long connects, int failures, Duration nextDelay, Duration age,
                         String lastDrop) {
    }

    private final HttpClient http;
    private final URI uri;
    private final Transport transport;
    private final Dialect dialect;
    private final Handler handler;
    private final Clock clock;
    private final Backoff backoff;
    private final ScheduledThreadPoolExecutor executor;
    private final List<String> added = new ArrayList<>(); // socket thread only

    // Touched only on the socket thread, except the volatile fields read by status().
    private long generation;
    private WebSocket socket;
    private ScheduledFuture<?> pinger;
    private long pingsSent;
    private long pongsUpTo;
    private boolean alive;
    private volatile int failures;
    private volatile Duration nextDelay = Duration.ZERO;
    private volatile long connects;
    private volatile long lastMessageAt = -1;
    private volatile String lastDrop;
    private volatile boolean up;
    private volatile boolean closed;

    public ReconnectingSocket(HttpClient http, URI uri, Transport transport, Dialect dialect, Handler handler,
                              Clock clock, DoubleSupplier jitter) {
        this.http = http;
        this.uri = uri;
        this.transport = transport;
        this.dialect = dialect;
        this.handler = handler;
        this.clock = clock;
        this.backoff = new Backoff(transport.reconnectMin(), transport.reconnectMax(), jitter);
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, dialect.name() + "-ws");
            t.setDaemon(true);
            return t;
        });
        // close() must not leave a reconnect or a pong check waiting to run on a socket that is gone.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Connects in the background (and reconnects until closed). */
    public void start() {
        onThread(this::connect);
    }

    /** True while connected, subscribed and gap-filled. */
    public boolean connected() {
        return up;
    }

    public Status status() {
        long last = lastMessageAt;
        return new Status(up, connects, failures, nextDelay,
                last < 0 ? null : Duration.ofMillis(Math.max(0, clock.millis() - last)), lastDrop);
    }

    /** Runs {@code task} on the socket's thread, in order with its messages; nothing once closed. */
    public void onThread(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: there is no stream left to order against
        }
    }

    /** Subscribes now if connected, and on every reconnect from now on. */
    public void add(String subscribe) {
        onThread(() -> {
            added.add(subscribe);
            sendIfUp(subscribe);
        });
    }

    /** Stops renewing {@code subscribe}, and sends {@code unsubscribe} now if connected. */
    public void remove(String subscribe, String unsubscribe) {
        onThread(() -> {
            if (added.remove(subscribe)) {
                sendIfUp(unsubscribe);
            }
        });
    }

    /** Drops the current connection as the network would (tests, and a caller that knows better). */
    public void reconnect(String reason) {
        onThread(() -> dropped(generation, reason));
    }

    @Override
    public void close() {
        closed = true;
        onThread(() -> {
            generation++;
            stopPinger();
            WebSocket s = socket;
            socket = null;
            if (s != null) {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((w, e) -> s.abort());
            }
            up = false;
        });
        executor.shutdown();
    }

    private void connect() {
        if (closed) {
            return;
        }
        long gen = ++generation;
        http.newWebSocketBuilder()
                .connectTimeout(transport.connectTimeout())
                .buildAsync(uri, new Listener(gen))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        onThread(() -> connectFailed(gen, error));
                    }
                });
    }

    private void connectFailed(long gen, Throwable error) {
        if (gen != generation || closed) {
            return;
        }
        log.warn("event={}_ws_connect_failed url={} error=\"{}\"", dialect.name(), uri, RestCalls.rootMessage(error));
        scheduleReconnect();
    }

    private void opened(long gen, WebSocket ws) {
        if (gen != generation || closed) {
            ws.abort();
            return;
        }
        socket = ws;
        alive = false;
        try {
            List<String> subscriptions = new ArrayList<>(dialect.subscriptions());
            subscriptions.addAll(added);
            for (String s : subscriptions) {
                send(ws, s);
            }
            pingsSent = 0;
            pongsUpTo = 0;
            long pingMillis = transport.pingInterval().toMillis();
            pinger = executor.scheduleAtFixedRate(() -> ping(gen), pingMillis, pingMillis, TimeUnit.MILLISECONDS);
            handler.onUp();
            up = true;
            connects++;
            log.info("event={}_ws_up url={} subscriptions={}", dialect.name(), uri, subscriptions.size());
        } catch (Exception e) {
            log.warn("event={}_ws_setup_failed error=\"{}\"", dialect.name(), RestCalls.rootMessage(e));
            dropped(gen, "setup failed: " + RestCalls.rootMessage(e));
        }
    }

    private void ping(long gen) {
        if (gen != generation || socket == null) {
            return;
        }
        long ping = ++pingsSent;
        try {
            send(socket, dialect.ping());
        } catch (Exception e) {
            dropped(gen, "ping failed: " + RestCalls.rootMessage(e));
            return;
        }
        long timeout = transport.pongTimeout().toMillis();
        executor.schedule(() -> {
            if (gen == generation && pongsUpTo < ping) {
                dropped(gen, "no pong within " + timeout + " ms");
            }
        }, timeout, TimeUnit.MILLISECONDS);
    }

    private void message(long gen, String text) {
        if (gen != generation) {
            return;
        }
        lastMessageAt = clock.millis();
        if (!alive) {
            // The link has carried something back: it works, so the next failure starts the backoff afresh.
            alive = true;
            failures = 0;
        }
        if (dialect.ignore(text)) {
            return;
        }
        JsonNode msg;
        try {
            msg = RestCalls.JSON.readTree(text);
        } catch (Exception e) {
            log.warn("event={}_ws_bad_message text=\"{}\"", dialect.name(), RestCalls.shorten(text));
            return;
        }
        if (dialect.isPong(msg)) {
            pongsUpTo = pingsSent;
            return;
        }
        String reply = dialect.reply(msg);
        if (reply != null) {
            try {
                send(socket, reply);
            } catch (Exception e) {
                dropped(gen, "reply failed: " + RestCalls.rootMessage(e));
            }
            return;
        }
        try {
            handler.onMessage(msg);
        } catch (RuntimeException e) {
            log.warn("event={}_ws_handler_failed channel={} error=\"{}\"", dialect.name(), dialect.channelOf(msg),
                    e.toString());
        }
    }

    private void sendIfUp(String text) {
        if (socket == null || !up) {
            return; // sent by opened() on the next connection
        }
        try {
            send(socket, text);
        } catch (Exception e) {
            dropped(generation, "send failed: " + RestCalls.rootMessage(e));
        }
    }

    private void dropped(long gen, String reason) {
        if (gen != generation || closed) {
            return;
        }
        generation++;
        stopPinger();
        if (socket != null) {
            socket.abort();
            socket = null;
        }
        boolean wasUp = up;
        up = false;
        lastDrop = reason;
        log.warn("event={}_ws_down reason=\"{}\"", dialect.name(), reason);
        if (wasUp) {
            try {
                handler.onDown(reason);
            } catch (RuntimeException e) {
                log.warn("event={}_ws_handler_failed channel=down error=\"{}\"", dialect.name(), e.toString());
            }
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration delay = backoff.delay(failures);
        failures = failures + 1;
        nextDelay = delay;
        executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void stopPinger() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }

    /** One send at a time (the JDK WebSocket refuses overlapping sends); this thread is the only sender. */
    private void send(WebSocket ws, String text) throws Exception {
        ws.sendText(text, true).get(transport.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private final class Listener implements WebSocket.Listener {
        private final long gen;
        private final StringBuilder partial = new StringBuilder();

        Listener(long gen) {
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket ws) {
            ws.request(1);
            onThread(() -> opened(gen, ws));
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onThread(() -> message(gen, text));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            onThread(() -> dropped(gen, "closed by server " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            onThread(() -> dropped(gen, "error: " + RestCalls.rootMessage(error)));
        }
    }
}
