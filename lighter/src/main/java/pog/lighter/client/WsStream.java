package pog.lighter.client;

import pog.venue.net.Backoff;
import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One WebSocket to Lighter's {@code /stream} that stays up: subscribes on every open (the subscriptions are built
 * per connection, so auth tokens are fresh), pings with {@code {"type":"ping"}}, answers the server's pings, treats
 * a ping without pong or a closed socket as a drop, and reconnects with backoff.
 *
 * <p>Everything runs on one scheduler thread in arrival order; each connection has a generation number, so
 * callbacks of a socket already given up are ignored.
 */
final class WsStream implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WsStream.class);

    interface Handler {
        void onMessage(JsonNode message);

        /** Subscribed on a fresh connection. Throwing counts as a drop. */
        void onUp() throws Exception;

        void onDown(String reason);
    }

    private final HttpClient http;
    private final URI uri;
    private final Supplier<List<String>> subscriptions;
    private final Handler handler;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final Duration connectTimeout;
    private final Backoff backoff;
    private final ScheduledExecutorService executor;

    private long generation;
    private WebSocket socket;
    private ScheduledFuture<?> pinger;
    private int failures;
    private boolean awaitingPong;
    private volatile boolean up;
    private volatile boolean closed;

    WsStream(HttpClient http, URI uri, Supplier<List<String>> subscriptions, Handler handler, Duration pingInterval,
             Duration pongTimeout, Duration connectTimeout, Backoff backoff, ScheduledExecutorService executor) {
        this.http = http;
        this.uri = uri;
        this.subscriptions = subscriptions;
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

    /** Drops the current connection as the network would. */
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
        http.newWebSocketBuilder().connectTimeout(connectTimeout).buildAsync(uri, new Listener(gen))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        executor.execute(() -> {
                            if (gen == generation && !closed) {
                                log.warn("event=lighter_ws_connect_failed url={} error=\"{}\"", uri, root(error));
                                scheduleReconnect();
                            }
                        });
                    }
                });
    }

    private void opened(long gen, WebSocket ws) {
        if (gen != generation || closed) {
            ws.abort();
            return;
        }
        socket = ws;
        try {
            for (String s : subscriptions.get()) {
                send(ws, s);
            }
            awaitingPong = false;
            long ms = pingInterval.toMillis();
            pinger = executor.scheduleAtFixedRate(() -> ping(gen), ms, ms, TimeUnit.MILLISECONDS);
            handler.onUp();
        } catch (Exception e) {
            dropped(gen, "setup failed: " + root(e));
            return;
        }
        failures = 0;
        up = true;
        log.info("event=lighter_ws_up url={}", uri);
    }

    private void ping(long gen) {
        if (gen != generation || socket == null) {
            return;
        }
        awaitingPong = true;
        try {
            send(socket, "{\"type\":\"ping\"}");
        } catch (Exception e) {
            dropped(gen, "ping failed: " + root(e));
            return;
        }
        executor.schedule(() -> {
            if (gen == generation && awaitingPong) {
                dropped(gen, "no pong within " + pongTimeout.toMillis() + " ms");
            }
        }, pongTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void message(long gen, String text) {
        if (gen != generation) {
            return;
        }
        JsonNode msg;
        try {
            msg = LighterRest.JSON.readTree(text);
        } catch (Exception e) {
            log.warn("event=lighter_ws_bad_message text=\"{}\"", LighterRest.shorten(text));
            return;
        }
        String type = msg.path("type").asText("");
        if ("pong".equals(type)) {
            awaitingPong = false;
            return;
        }
        if ("ping".equals(type)) {
            try {
                send(socket, "{\"type\":\"pong\"}");
            } catch (Exception e) {
                dropped(gen, "pong failed: " + root(e));
            }
            return;
        }
        try {
            handler.onMessage(msg);
        } catch (RuntimeException e) {
            log.warn("event=lighter_ws_handler_failed type={} error=\"{}\"", type, e.toString());
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
        log.warn("event=lighter_ws_down reason=\"{}\"", reason);
        if (wasUp) {
            handler.onDown(reason);
        }
        scheduleReconnect();
    }

    private void scheduleReconnect() {
        if (!closed) {
            executor.schedule(this::connect, backoff.delay(failures++).toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void stopPinger() {
        if (pinger != null) {
            pinger.cancel(false);
            pinger = null;
        }
    }

    private void send(WebSocket ws, String text) throws Exception {
        ws.sendText(text, true).get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r.getClass().getSimpleName() + (r.getMessage() == null ? "" : " " + r.getMessage());
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
            executor.execute(() -> dropped(gen, "error: " + root(error)));
        }
    }
}
