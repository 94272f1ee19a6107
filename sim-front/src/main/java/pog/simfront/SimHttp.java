package pog.simfront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;
import pog.sim.Exchange;
import pog.sim.Faults;
import pog.sim.FeedRunner;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One simulated venue's port: its own routes and WebSocket (given by the venue), plus what every simulator serves
 * the same way. Faults are admitted before a venue request is handled (latency, then a share answered 502 or 429
 * without being handled, so a refused request changed nothing). {@code GET /admin/protection} (always, loopback
 * callers only) serves the sim core's exposure ledger; with admin on, {@code GET|POST /admin/faults} (loopback only)
 * reads and changes the faults: {@code {"latencyMs": 200, "latencyPath": "sendTx", "errorRate5xx": 0.1,
 * "errorRate429": 0.05, "dropWebSockets": true, "jump": {...}}}, every field optional, omitted ones keeping their
 * value, {@code jump} in the venue's own words ({@link Dialect#jumpSymbol}).
 */
public final class SimHttp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimHttp.class);
    /**
     * Jetty's own idle timeout counts the server's pushes too, so it only catches dead sockets; each venue's rule for
     * a silent client is {@link WsConnections.Idle}.
     */
    static final Duration WS_IDLE_TIMEOUT = Duration.ofMinutes(10);

    /**
     * The venue's own words for what the front answers on its behalf.
     *
     * @param adminError      the JSON body of an admin refusal (status, message): 403 for a caller that is not
     *                        loopback, 400 for a bad body
     * @param tooManyRequests answers a request the faults refuse with 429, as the venue words it
     * @param jumpSymbol      the sim core's symbol an admin {@code jump} object names (IllegalArgumentException when
     *                        it names none)
     * @param jumpPrice       the field of the {@code jump} object that holds the new mark
     */
    public record Dialect(BiFunction<Integer, String, ObjectNode> adminError, Consumer<Context> tooManyRequests,
                          Function<JsonNode, String> jumpSymbol, String jumpPrice) {
    }

    /** The venue's WebSocket protocol (its hub): a greeting when a client connects, and its messages. */
    public interface Socket<S> {
        void onConnect(WsConnections.Connection<S> c);

        /** A message from the client, {@code msg} its JSON or null when {@code text} is not JSON. */
        void onMessage(WsConnections.Connection<S> c, JsonNode msg, String text);
    }

    /**
     * A venue's hot {@code POST} route served without Javalin (see {@link DirectRoutes}): after fault admission, the
     * request's content type (or null), body and the caller's address in, the whole answer out.
     */
    public interface Direct {
        Reply post(String contentType, String body, String remoteAddr);

        /** The venue's answer to a request the faults refuse with 429. */
        Reply tooManyRequests();
    }

    /** An HTTP answer: status, content type and body text. */
    public record Reply(int status, String contentType, String body) {
    }

    /** Where to listen and what to serve besides the venue's routes. */
    public record Settings(String bind, int port, boolean admin, Faults.Settings faults, boolean runFeed) {
    }

    private final Exchange exchange;
    private final Dialect dialect;
    private final WsConnections<?> connections;
    private final Faults faults;
    private final Javalin app;
    private final FeedRunner feed;

    private <S> SimHttp(Settings settings, Exchange exchange, Dialect dialect, String wsPath,
                        WsConnections<S> connections, Socket<S> socket, Consumer<JavalinConfig> routes,
                        java.util.Map<String, Direct> direct) {
        this.exchange = exchange;
        this.dialect = dialect;
        this.connections = connections;
        this.faults = new Faults(settings.faults());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Few threads: requests are CPU-bound (signature checks) on a small machine; more only switch more.
            // (An injected latency holds a thread per request: 64 of them still allow 320 requests/s at 200 ms.)
            QueuedThreadPool pool = new QueuedThreadPool(64, 4);
            pool.setName("JettyServerThreadPool");
            config.jetty.threadPool = pool;
            config.jetty.modifyWebSocketServletFactory(f -> f.setIdleTimeout(WS_IDLE_TIMEOUT));
            if (!direct.isEmpty()) {
                // Javalin attaches its own handler inside this wrapper: every other path still reaches it.
                config.jetty.modifyServer(server -> server.setHandler(new DirectRoutes(direct, faults)));
            }
            routes.accept(config);
            // The venue's cap on connections per IP, when it keeps one: refused before the upgrade, in its words.
            config.routes.wsBeforeUpgrade(wsPath, ctx -> {
                String address = WsConnections.address(ctx.req().getRemoteAddr());
                if (!connections.admits(address)) {
                    log.info("event=ws_refused address={} open={} max={}", address, connections.openFrom(address),
                            connections.maxPerAddress());
                    dialect.tooManyRequests().accept(ctx);
                    // Javalin does not write a result set before an upgrade: the venue's words go out here.
                    String body = ctx.result();
                    if (body != null) {
                        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                        ctx.res().setContentLength(bytes.length);
                        ctx.res().getOutputStream().write(bytes);
                        ctx.res().flushBuffer();
                    }
                    ctx.skipRemainingHandlers();
                }
            });
            config.routes.ws(wsPath, ws -> {
                ws.onConnect(ctx -> socket.onConnect(connections.opened(ctx)));
                ws.onMessage(ctx -> socket.onMessage(connections.heard(ctx), parse(ctx.message()), ctx.message()));
                ws.onClose(connections::closed);
                ws.onError(connections::closed);
            });
            // The venue's witness of exposure: always on (the demo and the tests read it), loopback only.
            config.routes.get("/admin/protection", loopbackOnly(dialect,
                    ctx -> json(ctx, 200, exchange.protection())));
            if (settings.admin()) {
                config.routes.get("/admin/faults", loopbackOnly(dialect, ctx -> json(ctx, 200, faultsJson())));
                config.routes.post("/admin/faults", loopbackOnly(dialect, this::postFaults));
            }
        });
        this.feed = settings.runFeed() ? FeedRunner.start(exchange) : null;
    }

    /**
     * Serves {@code routes}, the WebSocket at {@code wsPath} ({@code socket}'s protocol over {@code connections}) and
     * the shared routes on {@code settings}' port (0 = any
     * free one); on failure nothing is left running.
     *
     * @param routes the venue's own routes and its exception handler
     */
    public static <S> SimHttp start(Settings settings, Exchange exchange, Dialect dialect, String wsPath,
                                    WsConnections<S> connections, Socket<S> socket, Consumer<JavalinConfig> routes) {
        return start(settings, exchange, dialect, wsPath, connections, socket, routes, java.util.Map.of());
    }

    /** As above, with {@code direct} {@code POST} routes (by path) served in front of Javalin. */
    public static <S> SimHttp start(Settings settings, Exchange exchange, Dialect dialect, String wsPath,
                                    WsConnections<S> connections, Socket<S> socket, Consumer<JavalinConfig> routes,
                                    java.util.Map<String, Direct> direct) {
        SimHttp http = new SimHttp(settings, exchange, dialect, wsPath, connections, socket, routes, direct);
        try {
            http.app.start(settings.bind(), settings.port());
        } catch (RuntimeException e) {
            http.close();
            throw e;
        }
        return http;
    }

    public int port() {
        return app.port();
    }

    public Faults faults() {
        return faults;
    }

    /**
     * Sleeps the injected latency and draws the request's fate: true to handle it; false when it was answered 502
     * or 429 already (and must change nothing).
     */
    public boolean admit(Context ctx) throws InterruptedException {
        Faults.Verdict verdict = faults.admit(ctx.path());
        if (verdict == Faults.Verdict.FAIL_5XX) {
            ctx.status(502).contentType("text/plain; charset=utf-8").result("Bad Gateway");
            return false;
        }
        if (verdict == Faults.Verdict.FAIL_429) {
            dialect.tooManyRequests().accept(ctx);
            return false;
        }
        return true;
    }

    /** {@code handler} for loopback callers; others get 403 in the venue's words. */
    public static Handler loopbackOnly(Dialect dialect, Handler handler) {
        return ctx -> {
            if (!loopback(ctx)) {
                json(ctx, 403, dialect.adminError().apply(403, "admin is for loopback callers only"));
                return;
            }
            handler.handle(ctx);
        };
    }

    private static JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    /** Whether the caller is on this host: the simulators' admin and provisioning calls are for it only. */
    public static boolean loopback(Context ctx) {
        try {
            return InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Answers {@code body} (a JSON tree or a record) as JSON with {@code status}. */
    public static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    private ObjectNode faultsJson() {
        Faults.Settings s = faults.settings();
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("latencyMs", s.latencyMs());
        n.put("errorRate5xx", s.errorRate5xx());
        n.put("errorRate429", s.errorRate429());
        n.put("latencyPath", s.latencyPath());
        n.put("webSockets", connections.size());
        return n;
    }

    private void postFaults(Context ctx) {
        try {
            JsonNode body;
            try {
                body = Json.mapper().readTree(ctx.body());
            } catch (Exception e) {
                body = null;
            }
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object of faults");
            }
            Faults.Settings s = faults.settings();
            Faults.Settings next = new Faults.Settings(
                    number(body, "latencyMs") ? body.get("latencyMs").asLong() : s.latencyMs(),
                    number(body, "errorRate5xx") ? body.get("errorRate5xx").asDouble() : s.errorRate5xx(),
                    number(body, "errorRate429") ? body.get("errorRate429").asDouble() : s.errorRate429(),
                    body.has("latencyPath") ? body.path("latencyPath").asText(null) : s.latencyPath());
            JsonNode jumpBody = body.get("jump");
            // checked before anything changes: a bad body changes nothing
            String symbol = jumpBody == null || jumpBody.isNull() ? null : dialect.jumpSymbol().apply(jumpBody);
            BigDecimal price = symbol == null ? null : decimal(jumpBody, dialect.jumpPrice());
            faults.set(next);
            log.warn("event=faults_set latencyMs={} errorRate5xx={} errorRate429={} latencyPath={}", next.latencyMs(),
                    next.errorRate5xx(), next.errorRate429(), next.latencyPath());
            if (body.path("dropWebSockets").asBoolean(false)) {
                connections.dropAll();
            }
            if (symbol != null) {
                exchange.jump(symbol, price);
            }
        } catch (RuntimeException e) {
            json(ctx, 400, dialect.adminError().apply(400, e.getMessage() == null ? "bad request" : e.getMessage()));
            return;
        }
        json(ctx, 200, faultsJson());
    }

    private static BigDecimal decimal(JsonNode jump, String field) {
        try {
            return new BigDecimal(jump.path(field).asText(""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("jump." + field + " must be a decimal number");
        }
    }

    /** Whether {@code field} is given; a given one that is not a number is refused. */
    private static boolean number(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException(field + " must be a number, got " + v);
        }
        return true;
    }

    /** Stops the price feed and the port; the venue closes its hub and its simulator after. */
    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        app.stop();
    }
}
