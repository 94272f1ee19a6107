package pog.lighter.sim;

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
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated Lighter on one port: REST under {@code /api/v1} (GET with query parameters, POST with form fields,
 * as the SDKs send them) and WebSocket {@code /stream}. For loopback callers only, {@code POST
 * /api/v1/sim/provisionAccount} (form l1_address, optional usdc and account_index) provisions a funded account and
 * {@code POST /api/v1/sim/registerApiKey} (form account_index, api_key_index, public_key) puts a key into an empty
 * slot, provisioning the account when missing: what the demo uses instead of ChangePubKey. With admin on,
 * {@code GET|POST /admin/faults} reads and changes faults for loopback callers: {@code {"latencyMs": 200,
 * "latencyPath": "sendTx", "errorRate5xx": 0.1, "errorRate429": 0.05,
 * "dropWebSockets": true, "jump": {"market_id": 1, "price": "55000"}}}.
 */
public final class LighterSimServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LighterSimServer.class);

    private final LighterSimulator sim;
    private final LighterWsHub hub;
    private final Faults faults;
    private final Javalin app;
    private final FeedRunner feed;

    private interface Handler {
        ObjectNode handle(Context ctx) throws ApiError;
    }

    private LighterSimServer(LighterSimulator sim, boolean runFeed) {
        this.sim = sim;
        this.hub = new LighterWsHub(sim, sim.clock(), LighterWsHub.DEFAULT_IDLE);
        LighterSimConfig c = sim.config();
        this.faults = new Faults(new Faults.Settings(c.latencyMs(), c.errorRate5xx(), c.errorRate429()));
        sim.addListener(hub);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.get("/", ctx -> reply(ctx, 200, Shapes.ok().put("message", "simulated lighter")));
            config.routes.get("/api/v1/orderBooks", ctx -> api(ctx, x -> sim.orderBooks(optInt(x, "market_id"), false)));
            config.routes.get("/api/v1/orderBookDetails",
                    ctx -> api(ctx, x -> sim.orderBooks(optInt(x, "market_id"), true)));
            config.routes.get("/api/v1/account", ctx -> api(ctx, x -> sim.account(x.queryParam("by"),
                    x.queryParam("value"))));
            config.routes.get("/api/v1/accountsByL1Address", ctx -> api(ctx, x -> sim.accountsByL1Address(
                    req(x, "l1_address"))));
            config.routes.get("/api/v1/accountActiveOrders", ctx -> api(ctx, x -> sim.activeOrders(
                    reqLong(x, "account_index"), (int) reqLong(x, "market_id"), auth(x))));
            config.routes.get("/api/v1/accountInactiveOrders", ctx -> api(ctx, x -> sim.inactiveOrders(
                    reqLong(x, "account_index"), optInt(x, "market_id"), (int) reqLong(x, "limit"), auth(x))));
            config.routes.get("/api/v1/nextNonce", ctx -> api(ctx, x -> sim.nextNonce(reqLong(x, "account_index"),
                    (int) reqLong(x, "api_key_index"))));
            config.routes.get("/api/v1/apikeys", ctx -> api(ctx, x -> sim.apiKeys(reqLong(x, "account_index"),
                    optInt(x, "api_key_index"))));
            config.routes.get("/api/v1/trades", ctx -> api(ctx, x -> sim.trades(reqLong(x, "account_index"),
                    optLong(x, "from", 0), (int) reqLong(x, "limit"), "desc".equals(x.queryParam("sort_dir")), auth(x))));
            config.routes.post("/api/v1/sendTx", ctx -> api(ctx, x -> sim.sendTx((int) reqLong(x, "tx_type"),
                    req(x, "tx_info"))));
            config.routes.post("/api/v1/sendTxBatch", ctx -> api(ctx, this::batch));
            config.routes.post("/api/v1/sim/registerApiKey", ctx -> api(ctx, this::register));
            config.routes.post("/api/v1/sim/provisionAccount", ctx -> api(ctx, this::provision));
            config.routes.ws("/stream", ws -> {
                ws.onConnect(hub::onConnect);
                ws.onMessage(ctx -> hub.onMessage(ctx, ctx.message()));
                ws.onClose(hub::onClose);
                ws.onError(hub::onClose);
            });
            // The venue's witness of exposure: always on (the demo and the tests read it), loopback only.
            config.routes.get("/admin/protection", this::getProtection);
            if (Boolean.TRUE.equals(c.admin())) {
                config.routes.get("/admin/faults", this::getFaults);
                config.routes.post("/admin/faults", this::postFaults);
            }
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (e instanceof pog.venue.VenueException) {
                    // the exchange core's own refusal (e.g. not enough margin): its words are ours
                    reply(ctx, 400, Shapes.error(ApiError.INVALID_PARAM, e.getMessage()));
                    return;
                }
                log.error("event=request_failed path={} error={}", ctx.path(), e.toString(), e);
                reply(ctx, 500, Shapes.error(ApiError.INTERNAL, "internal error in the simulator; its log"
                        + " (exchange-sim.log) has the details"));
            });
        });
        this.feed = runFeed ? FeedRunner.start(sim.exchange()) : null;
    }

    /** Starts serving {@code sim} on its configured port (0 = any); {@code runFeed} moves marks in real time. */
    public static LighterSimServer start(LighterSimulator sim, boolean runFeed) {
        LighterSimServer server = new LighterSimServer(sim, runFeed);
        try {
            server.app.start(sim.config().bind(), sim.config().port());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        log.info("event=lighter_sim_listening port={} admin={}", server.port(), sim.config().admin());
        return server;
    }

    /** Opens the simulator in {@code dataDir} and serves it. */
    public static LighterSimServer start(LighterSimConfig config, Path dataDir, Clock clock, boolean runFeed) {
        LighterSimulator sim = LighterSimulator.open(config, dataDir, clock);
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

    public LighterSimulator simulator() {
        return sim;
    }

    public Faults faults() {
        return faults;
    }

    public int webSocketConnections() {
        return hub.connections();
    }

    public int dropWebSockets() {
        return hub.dropAll();
    }

    private void api(Context ctx, Handler handler) throws InterruptedException {
        Faults.Verdict verdict = faults.admit(ctx.path());
        if (verdict == Faults.Verdict.FAIL_5XX) {
            ctx.status(502).contentType("text/plain; charset=utf-8").result("Bad Gateway");
            return;
        }
        if (verdict == Faults.Verdict.FAIL_429) {
            reply(ctx, 429, Shapes.error(23000, "Too Many Requests"));
            return;
        }
        try {
            sim.runDueSchedules();
            reply(ctx, 200, handler.handle(ctx));
        } catch (ApiError e) {
            reply(ctx, 400, Shapes.error(e.code(), e.getMessage()));
        }
    }

    private static void reply(Context ctx, int status, ObjectNode body) {
        ctx.status(status).contentType("application/json").result(Json.write(body));
    }

    private ObjectNode batch(Context ctx) throws ApiError {
        List<Integer> types = new ArrayList<>();
        List<String> infos = new ArrayList<>();
        try {
            for (JsonNode t : Json.mapper().readTree(req(ctx, "tx_types"))) {
                if (!t.canConvertToInt()) {
                    throw new IllegalArgumentException();
                }
                types.add(t.asInt());
            }
            for (JsonNode i : Json.mapper().readTree(req(ctx, "tx_infos"))) {
                infos.add(i.isTextual() ? i.asText() : Json.write(i));
            }
        } catch (ApiError e) {
            throw e;
        } catch (Exception e) {
            throw new ApiError(ApiError.INVALID_PARAM, "tx_types must be a JSON array of integers and tx_infos a JSON"
                    + " array of tx_info");
        }
        return sim.sendTxBatch(types, infos);
    }

    private ObjectNode register(Context ctx) throws ApiError {
        loopbackOnly(ctx);
        long account = reqLong(ctx, "account_index");
        int index = (int) reqLong(ctx, "api_key_index");
        if (!sim.registerApiKey(account, index, req(ctx, "public_key"))) {
            throw new ApiError(ApiError.INVALID_PARAM, "api key " + index + " of account " + account
                    + " is registered with another public key");
        }
        return Shapes.ok();
    }

    private ObjectNode provision(Context ctx) throws ApiError {
        loopbackOnly(ctx);
        String usdc = param(ctx, "usdc");
        BigDecimal amount;
        try {
            amount = usdc == null || usdc.isBlank() ? null : new BigDecimal(usdc.trim());
        } catch (NumberFormatException e) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: usdc must be a decimal number");
        }
        String index = param(ctx, "account_index");
        LighterSimulator.Provisioned p = sim.provisionAccount(index == null || index.isBlank() ? null
                : reqLong(ctx, "account_index"), req(ctx, "l1_address"), amount);
        ObjectNode n = Shapes.ok();
        n.put("account_index", p.accountIndex());
        n.put("l1_address", p.l1Address());
        n.put("created", p.created());
        n.put("collateral", Shapes.scaled(p.usdc(), 6));
        return n;
    }

    private static void loopbackOnly(Context ctx) throws ApiError {
        if (!loopback(ctx)) {
            throw new ApiError(ApiError.INVALID_AUTH, "the simulator's provisioning calls are for loopback callers only");
        }
    }

    private static String auth(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && !header.isBlank() ? header : ctx.queryParam("auth");
    }

    private static String param(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null && "POST".equals(ctx.method().name())) {
            v = ctx.formParam(name);
        }
        return v;
    }

    private static String req(Context ctx, String name) throws ApiError {
        String v = param(ctx, name);
        if (v == null || v.isBlank()) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: " + name + " is required");
        }
        return v;
    }

    private static long reqLong(Context ctx, String name) throws ApiError {
        try {
            return Long.parseLong(req(ctx, name).trim());
        } catch (NumberFormatException e) {
            throw new ApiError(ApiError.INVALID_PARAM, "invalid param: " + name + " must be an integer");
        }
    }

    private static Integer optInt(Context ctx, String name) throws ApiError {
        String v = param(ctx, name);
        return v == null || v.isBlank() ? null : (int) reqLong(ctx, name);
    }

    private static long optLong(Context ctx, String name, long fallback) throws ApiError {
        String v = param(ctx, name);
        return v == null || v.isBlank() ? fallback : reqLong(ctx, name);
    }

    // ------------------------------------------------------------------ admin

    private static boolean loopback(Context ctx) {
        try {
            return InetAddress.getByName(ctx.req().getRemoteAddr()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Per account (its index in decimal): time any position was not fully covered by resting reduce-only stops. */
    private void getProtection(Context ctx) {
        if (!loopback(ctx)) {
            reply(ctx, 403, Shapes.error(20013, "admin is for loopback callers only"));
            return;
        }
        ctx.status(200).contentType("application/json").result(Json.write(sim.exchange().protection()));
    }

    private void getFaults(Context ctx) {
        if (!loopback(ctx)) {
            reply(ctx, 403, Shapes.error(20013, "admin is for loopback callers only"));
            return;
        }
        reply(ctx, 200, faultsJson());
    }

    private ObjectNode faultsJson() {
        Faults.Settings s = faults.settings();
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("latencyMs", s.latencyMs());
        n.put("errorRate5xx", s.errorRate5xx());
        n.put("errorRate429", s.errorRate429());
        n.put("latencyPath", s.latencyPath());
        n.put("webSockets", hub.connections());
        return n;
    }

    private void postFaults(Context ctx) {
        if (!loopback(ctx)) {
            reply(ctx, 403, Shapes.error(20013, "admin is for loopback callers only"));
            return;
        }
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
            Faults.Settings next = new Faults.Settings(body.path("latencyMs").asLong(s.latencyMs()),
                    body.path("errorRate5xx").asDouble(s.errorRate5xx()),
                    body.path("errorRate429").asDouble(s.errorRate429()),
                    body.has("latencyPath") ? body.path("latencyPath").asText(null) : s.latencyPath());
            JsonNode jump = body.get("jump");
            LighterSimConfig.Market m = null;
            BigDecimal px = null;
            if (jump != null && !jump.isNull()) {
                m = sim.config().market(jump.path("market_id").asInt(-1));
                if (m == null) {
                    throw new IllegalArgumentException("unknown market_id " + jump.path("market_id"));
                }
                try {
                    px = new BigDecimal(jump.path("price").asText(""));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("jump.price must be a decimal number");
                }
            }
            faults.set(next);
            log.warn("event=faults_set latencyMs={} errorRate5xx={} errorRate429={}", next.latencyMs(),
                    next.errorRate5xx(), next.errorRate429());
            if (body.path("dropWebSockets").asBoolean(false)) {
                hub.dropAll();
            }
            if (m != null) {
                sim.exchange().jump(m.symbol(), px);
            }
        } catch (IllegalArgumentException | pog.venue.VenueException e) {
            reply(ctx, 400, Shapes.error(ApiError.INVALID_PARAM, e.getMessage()));
            return;
        }
        reply(ctx, 200, faultsJson());
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
        log.info("event=lighter_sim_stopped");
    }
}
