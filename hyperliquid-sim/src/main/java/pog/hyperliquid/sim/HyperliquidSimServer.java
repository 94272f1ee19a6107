package pog.hyperliquid.sim;

import pog.sim.Faults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;
import pog.sim.FeedRunner;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The simulated Hyperliquid on one port, as the venue serves it: {@code POST /info}, {@code POST /exchange} and
 * WebSocket {@code /ws} (the public SDKs derive the socket URL from the base URL). With {@code admin.enabled},
 * {@code GET|POST /admin/faults} reads and changes the faults, for loopback callers only.
 *
 * <p>{@code POST /admin/fund {"user": "0x...", "usd": "10000"}} (admin on, loopback only) credits an account,
 * creating it if it is new: with {@code accounts} in the config and {@code --fund}, the way an account comes to be.
 *
 * <p>Admin body: {@code {"latencyMs": 200, "errorRate5xx": 0.1, "errorRate429": 0.05, "dropWebSockets": true,
 * "jump": {"coin": "BTC", "px": "55000"}}}; every field is optional and omitted ones keep their value.
 */
public final class HyperliquidSimServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HyperliquidSimServer.class);
    /**
     * Jetty's own idle timeout counts the server's pushes too, so it only catches dead sockets; the venue's rule (60 s
     * with nothing from the client) is {@link HyperliquidWsHub#closeIdle}.
     */
    static final java.time.Duration WS_IDLE_TIMEOUT = java.time.Duration.ofMinutes(10);

    private final HyperliquidSimulator sim;
    private final HyperliquidWsHub hub;
    private final Faults faults;
    private final Javalin app;
    private final FeedRunner feed;

    private HyperliquidSimServer(HyperliquidSimulator sim, boolean runFeed) {
        this.sim = sim;
        this.hub = new HyperliquidWsHub(sim);
        HyperliquidSimConfig.Faults initial = sim.config().faults();
        this.faults = new Faults(new Faults.Settings(initial.latencyMs() == null ? 0 : initial.latencyMs(),
                initial.errorRate5xx() == null ? 0 : initial.errorRate5xx(),
                initial.errorRate429() == null ? 0 : initial.errorRate429()));
        sim.addListener(hub);
        boolean admin = Boolean.TRUE.equals(sim.config().admin().enabled());
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Few threads: requests are CPU-bound (signature recovery) on a small machine; more only switch more.
            // (An injected latency holds a thread per request: 64 of them still allow 320 requests/s at 200 ms.)
            org.eclipse.jetty.util.thread.QueuedThreadPool pool =
                    new org.eclipse.jetty.util.thread.QueuedThreadPool(64, 4);
            pool.setName("JettyServerThreadPool");
            config.jetty.threadPool = pool;
            // Hyperliquid closes a socket after 60 s without a message from the client (HyperliquidWsHub); the SDKs ping.
            config.jetty.modifyWebSocketServletFactory(f -> f.setIdleTimeout(WS_IDLE_TIMEOUT));
            config.routes.post("/info", ctx -> endpoint(ctx, "info"));
            config.routes.post("/exchange", ctx -> endpoint(ctx, "exchange"));
            config.routes.ws("/ws", ws -> {
                ws.onConnect(hub::onConnect);
                ws.onMessage(ctx -> hub.onMessage(ctx, ctx.message()));
                ws.onClose(hub::onClose);
                ws.onError(hub::onClose);
            });
            // The venue's witness of exposure: always on (the demo and the tests read it), loopback only.
            config.routes.get("/admin/protection", this::getProtection);
            if (admin) {
                config.routes.get("/admin/faults", this::getFaults);
                config.routes.post("/admin/faults", this::postFaults);
                config.routes.post("/admin/fund", this::postFund);
            }
            config.routes.exception(Exception.class, (e, ctx) -> {
                log.error("event=request_failed path={} error={}", ctx.path(), e.toString(), e);
                ctx.status(400).contentType("text/plain; charset=utf-8").result("Internal error: " + e.getMessage());
            });
        });
        this.feed = runFeed ? FeedRunner.start(sim.exchange()) : null;
    }

    /**
     * Starts serving {@code sim} on its configured port (0 = any free port).
     *
     * @param runFeed move the marks in real time; tests leave it off and step the feed themselves
     */
    public static HyperliquidSimServer start(HyperliquidSimulator sim, boolean runFeed) {
        HyperliquidSimServer server = new HyperliquidSimServer(sim, runFeed);
        try {
            server.app.start(sim.config().bind(), sim.config().port());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("event=hl_sim_listening port={} admin={} network={}", server.port(),
                sim.config().admin().enabled(), sim.config().network());
        return server;
    }

    /** Opens the simulator in {@code dataDir} and serves it. */
    public static HyperliquidSimServer start(HyperliquidSimConfig config, Path dataDir, Clock clock, boolean runFeed) {
        HyperliquidSimulator sim = HyperliquidSimulator.open(config, dataDir, clock);
        try {
            return start(sim, runFeed);
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    public HyperliquidSimulator simulator() {
        return sim;
    }

    public Faults faults() {
        return faults;
    }

    /** Open WebSocket connections. */
    public int webSocketConnections() {
        return hub.connections();
    }

    /** Runs the idle check now (it also runs every second): connections whose client was silent 60 s are closed. */
    public int closeIdleWebSockets() {
        return hub.closeIdle();
    }

    public int dropWebSockets() {
        return hub.dropAll();
    }

    private void endpoint(Context ctx, String endpoint) throws InterruptedException {
        Faults.Verdict verdict = faults.admit(ctx.path());
        if (verdict == Faults.Verdict.FAIL_5XX) {
            ctx.status(502).contentType("text/plain; charset=utf-8").result("Bad Gateway");
            return;
        }
        if (verdict == Faults.Verdict.FAIL_429) {
            ctx.status(429).contentType("text/plain; charset=utf-8").result("Too Many Requests");
            return;
        }
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            ctx.status(415).contentType("text/plain; charset=utf-8")
                    .result("Expected request with `Content-Type: application/json`");
            return;
        }
        HyperliquidSimulator.Reply reply = sim.handle(endpoint, ctx.body(), ctx.req().getRemoteAddr());
        ctx.status(reply.status()).contentType(reply.contentType()).result(reply.body());
    }

    // ------------------------------------------------------------------ admin

    private static boolean loopback(Context ctx) {
        try {
            return InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Per account: time any position was not fully covered by resting reduce-only stops (see the sim core). */
    private void getProtection(Context ctx) {
        if (!loopback(ctx)) {
            ctx.status(403).contentType("application/json").result(Json.write(error("admin is for loopback callers only")));
            return;
        }
        ctx.contentType("application/json").result(Json.write(sim.exchange().protection()));
    }

    private void getFaults(Context ctx) {
        if (!loopback(ctx)) {
            ctx.status(403).contentType("application/json").result(Json.write(error("admin is for loopback callers only")));
            return;
        }
        ctx.contentType("application/json").result(Json.write(faultsJson()));
    }

    private ObjectNode faultsJson() {
        Faults.Settings s = faults.settings();
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("latencyMs", s.latencyMs());
        n.put("errorRate5xx", s.errorRate5xx());
        n.put("errorRate429", s.errorRate429());
        n.put("webSockets", hub.connections());
        return n;
    }

    private void postFaults(Context ctx) {
        if (!loopback(ctx)) {
            ctx.status(403).contentType("application/json").result(Json.write(error("admin is for loopback callers only")));
            return;
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            Faults.Settings s = faults.settings();
            Faults.Settings next = new Faults.Settings(
                    body.has("latencyMs") ? body.get("latencyMs").asLong() : s.latencyMs(),
                    body.has("errorRate5xx") ? body.get("errorRate5xx").asDouble() : s.errorRate5xx(),
                    body.has("errorRate429") ? body.get("errorRate429").asDouble() : s.errorRate429());
            JsonNode jump = body.get("jump");
            String coin = null;
            BigDecimal px = null;
            if (jump != null && !jump.isNull()) {
                coin = jump.path("coin").asText("");
                px = new BigDecimal(jump.path("px").asText(""));
                if (sim.markets().byName(coin) == null) {
                    throw new IllegalArgumentException("unknown coin '" + coin + "'");
                }
            }
            faults.set(next);
            log.warn("event=faults_set latencyMs={} errorRate5xx={} errorRate429={}", next.latencyMs(),
                    next.errorRate5xx(), next.errorRate429());
            if (body.path("dropWebSockets").asBoolean(false)) {
                hub.dropAll();
            }
            if (coin != null) {
                sim.exchange().jump(coin, px);
            }
        } catch (Exception e) {
            ctx.status(400).contentType("application/json").result(Json.write(error(e.getMessage())));
            return;
        }
        ctx.contentType("application/json").result(Json.write(faultsJson()));
    }

    private void postFund(Context ctx) {
        if (!loopback(ctx)) {
            ctx.status(403).contentType("application/json").result(Json.write(error("admin is for loopback callers only")));
            return;
        }
        String user;
        BigDecimal usd;
        try {
            JsonNode body = Json.mapper().readTree(ctx.body());
            if (body == null || !body.isObject() || !body.path("user").isTextual()) {
                throw new IllegalArgumentException("body must be {\"user\": \"0x...\", \"usd\": \"10000\"}");
            }
            user = body.get("user").textValue();
            JsonNode amount = body.get("usd");
            try {
                usd = amount == null || amount.isNull() ? sim.config().startingBalance()
                        : new BigDecimal(amount.asText());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("usd must be a decimal amount, got '" + amount.asText() + "'");
            }
        } catch (IllegalArgumentException e) {
            ctx.status(400).contentType("application/json").result(Json.write(error(e.getMessage())));
            return;
        } catch (Exception e) {
            ctx.status(400).contentType("application/json").result(Json.write(error("body is not JSON")));
            return;
        }
        BigDecimal balance;
        try {
            balance = sim.fund(user, usd, "admin");
        } catch (IllegalArgumentException e) {
            ctx.status(400).contentType("application/json").result(Json.write(error(e.getMessage())));
            return;
        }
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("user", user.toLowerCase());
        n.put("balance", HlNum.usd(balance));
        ctx.contentType("application/json").result(Json.write(n));
    }

    private static ObjectNode error(String message) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("error", message == null ? "bad request" : message);
        return n;
    }

    @Override
    public void close() {
        if (feed != null) {
            feed.close();
        }
        app.stop();
        hub.close();
        sim.removeListener(hub);
        sim.close();
        log.info("event=hl_sim_stopped");
    }
}
