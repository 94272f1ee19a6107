package pog.hyperliquid.client;

import pog.venue.net.Backoff;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket to Hyperliquid's {@code /ws} that stays up: subscribes on every open, pings with
 * {@code {"method":"ping"}}, treats a ping without pong or a closed socket as a drop, and reconnects with backoff.
 *
 * <p>All state changes and all message handling run on one scheduler thread, in arrival order; each connection has
 * a generation number, so callbacks of a socket already given up are ignored.
 */
final class WsFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WsFeed.class);

    /** What the feed tells its owner; called on the feed's thread. */
    interface Handler {
        void onMessage(JsonNode message);

        /** Subscribed on a fresh connection. Throwing counts as a drop (the connection is retried). */
        void onUp() throws Exception;

        void onDown(String reason);
    }

    private final HttpClient http;
    private final URI uri;
    private final List<ObjectNode> subscriptions; // feed thread only
    private final Handler handler;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final Duration connectTimeout;
    private final Backoff backoff;
    private final ScheduledExecutorService executor;

    // Touched only on the executor thread, except the volatile flags read by connected().
    private long generation;
    private WebSocket socket;
    private ScheduledFuture<?> pinger;
    private int failures;
    private long pingsSent;
    private long pongsUpTo;
    private volatile boolean up;
    private volatile boolean closed;

    WsFeed(HttpClient http, URI uri, List<ObjectNode> subscriptions, Handler handler, Duration pingInterval,
           Duration pongTimeout, Duration connectTimeout, Backoff backoff, ScheduledExecutorService executor) {
        this.http = http;
        this.uri = uri;
        this.subscriptions = new ArrayList<>(subscriptions);
        this.handler = handler;
        this.pingInterval = pingInterval;
        this.pongTimeout = pongTimeout;
        this.connectTimeout = connectTimeout;
        this.backoff = backoff;
        this.executor = executor;
    }

    void start() {
        executor.execute(this::connect);
    }

    boolean connected() {
        return up;
    }

    /** Subscribes now if connected, and on every reconnect from now on. */
    void add(ObjectNode subscribeMessage) {
        executor.execute(() -> {
            subscriptions.add(subscribeMessage);
            sendIfUp(subscribeMessage);
        });
    }

    /** Stops re-subscribing {@code subscribeMessage} and unsubscribes it now if connected. */
    void remove(ObjectNode subscribeMessage) {
        executor.execute(() -> {
            if (subscriptions.remove(subscribeMessage)) {
                ObjectNode unsubscribe = subscribeMessage.deepCopy();
                unsubscribe.put("method", "unsubscribe");
                sendIfUp(unsubscribe);
            }
        });
    }

    private void sendIfUp(ObjectNode message) {
        if (socket == null || !up) {
            return; // sent by opened() on the next connection
        }
        try {
            send(socket, RestClient.write(message));
        } catch (Exception e) {
            dropped(generation, "send failed: " + rootMessage(e));
        }
    }

    /** Drops the current connection as if the network had (tests, and a caller that knows better). */
    void reconnect(String reason) {
        executor.execute(() -> dropped(generation, reason));
    }

    @Override
    public void close() {
        closed = true;
        executor.execute(() -> {
            generation++;
            stopPinger();
            WebSocket s = socket;
            socket = null;
            if (s != null) {
                s.sendClose(WebSocket.NORMAL_CLOSURE, "bye").whenComplete((w, e) -> s.abort());
            }
            up = false;
        });
    }

    private void connect() {
        if (closed) {
            return;
        }
        long gen = ++generation;
        http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(uri, new Listener(gen))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        executor.execute(() -> connectFailed(gen, error));
                    }
                });
    }

    private void connectFailed(long gen, Throwable error) {
        if (gen != generation || closed) {
            return;
        }
        log.warn("event=hl_ws_connect_failed url={} error=\"{}\"", uri, rootMessage(error));
        scheduleReconnect();
    }

    private void opened(long gen, WebSocket ws) {
        if (gen != generation || closed) {
            ws.abort();
            return;
        }
        socket = ws;
        try {
            for (ObjectNode s : subscriptions) {
                send(ws, RestClient.write(s));
            }
            pingsSent = 0;
            pongsUpTo = 0;
            long pingMillis = pingInterval.toMillis();
            pinger = executor.scheduleAtFixedRate(() -> ping(gen), pingMillis, pingMillis, TimeUnit.MILLISECONDS);
            handler.onUp();
        } catch (Exception e) {
            log.warn("event=hl_ws_setup_failed error=\"{}\"", rootMessage(e));
            dropped(gen, "setup failed: " + rootMessage(e));
            return;
        }
        failures = 0;
        up = true;
        log.info("event=hl_ws_up url={} subscriptions={}", uri, subscriptions.size());
    }

    private void ping(long gen) {
        if (gen != generation || socket == null) {
            return;
        }
        long ping = ++pingsSent;
        try {
            send(socket, "{\"method\":\"ping\"}");
        } catch (Exception e) {
            dropped(gen, "ping failed: " + rootMessage(e));
            return;
        }
        executor.schedule(() -> {
            // A pong carries no id: it answers every ping sent before it.
            if (gen == generation && pongsUpTo < ping) {
                dropped(gen, "no pong within " + pongTimeout.toMillis() + " ms");
            }
        }, pongTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void message(long gen, String text) {
        if (gen != generation) {
            return;
        }
        if (!text.startsWith("{")) {
            return; // "Websocket connection established."
        }
        JsonNode msg;
        try {
            msg = RestClient.JSON.readTree(text);
        } catch (Exception e) {
            log.warn("event=hl_ws_bad_message text=\"{}\"", RestClient.shorten(text));
            return;
        }
        if ("pong".equals(msg.path("channel").asText())) {
            pongsUpTo = pingsSent;
            return;
        }
        try {
            handler.onMessage(msg);
        } catch (RuntimeException e) {
            log.warn("event=hl_ws_handler_failed channel={} error=\"{}\"", msg.path("channel").asText(), e.toString());
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
        log.warn("event=hl_ws_down reason=\"{}\"", reason);
        if (wasUp) {
            handler.onDown(reason);
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (closed) {
            return;
        }
        Duration delay = backoff.delay(failures++);
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
        ws.sendText(text, true).get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : " " + root.getMessage());
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
            executor.execute(() -> opened(gen, ws));
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                executor.execute(() -> message(gen, text));
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            executor.execute(() -> dropped(gen, "closed by server " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            executor.execute(() -> dropped(gen, "error: " + rootMessage(error)));
        }
    }
}
