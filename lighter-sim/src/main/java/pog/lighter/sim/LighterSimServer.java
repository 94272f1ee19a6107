package pog.lighter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.json.Json;
import pog.sim.Faults;
import pog.simfront.SimHttp;
import pog.simfront.SimServer;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated Lighter on one port: REST under {@code /api/v1} (GET with query parameters, POST with form fields,
 * as the SDKs send them) and WebSocket {@code /stream}, on the shared simulator front ({@link SimHttp}: faults,
 * {@code /admin/protection}, and with admin on {@code GET|POST /admin/faults}, whose {@code jump} is
 * {@code {"market_id": 1, "price": "55000"}}). For loopback callers only, {@code POST /api/v1/sim/provisionAccount}
 * (form l1_address, optional usdc and account_index) provisions a funded account and
 * {@code POST /api/v1/sim/registerApiKey} (form account_index, api_key_index, public_key) puts a key into an empty
 * slot, provisioning the account when missing: what the demo uses instead of ChangePubKey.
 */
public final class LighterSimServer extends SimServer<LighterSimulator> {
    private static final Logger log = LoggerFactory.getLogger(LighterSimServer.class);

    private final LighterSimulator sim;

    private interface Handler {
        ObjectNode handle(Context ctx) throws ApiError;
    }

    private LighterSimServer(LighterSimulator sim, LighterWsHub hub, boolean runFeed) {
        super("lighter", sim, hub);
        this.sim = sim;
        LighterSimConfig c = sim.config();
        SimHttp.Settings settings = new SimHttp.Settings(c.bind(), c.port(), Boolean.TRUE.equals(c.admin()),
                new Faults.Settings(c.latencyMs(), c.errorRate5xx(), c.errorRate429()), runFeed);
        // Lighter's {"code", "message"} errors; a jump is {"market_id": 1, "price": "55000"}
        SimHttp.Dialect words = new SimHttp.Dialect((status, message) -> Shapes.error(status == 403
                ? ApiError.INVALID_AUTH : ApiError.INVALID_PARAM, message),
                ctx -> reply(ctx, 429, Shapes.error(23000, "Too Many Requests")), this::market, "price");
        listen(settings, sim.exchange(), words, "/stream", hub.connections(), hub, this::routes, "");
    }

    private void routes(JavalinConfig config) {
        config.routes.get("/", ctx -> reply(ctx, 200, Shapes.ok().put("message", "simulated lighter")));
        config.routes.get("/api/v1/orderBooks", ctx -> api(ctx, x -> sim.query().orderBooks(optInt(x, "market_id"), false)));
        config.routes.get("/api/v1/orderBookDetails",
                ctx -> api(ctx, x -> sim.query().orderBooks(optInt(x, "market_id"), true)));
        config.routes.get("/api/v1/account", ctx -> api(ctx, x -> sim.query().account(x.queryParam("by"),
                x.queryParam("value"))));
        config.routes.get("/api/v1/accountsByL1Address", ctx -> api(ctx, x -> sim.query().accountsByL1Address(
                req(x, "l1_address"))));
        config.routes.get("/api/v1/accountActiveOrders", ctx -> api(ctx, x -> sim.query().activeOrders(
                reqLong(x, "account_index"), (int) reqLong(x, "market_id"), auth(x))));
        config.routes.get("/api/v1/accountInactiveOrders", ctx -> api(ctx, x -> sim.query().inactiveOrders(
                reqLong(x, "account_index"), optInt(x, "market_id"), (int) reqLong(x, "limit"), auth(x))));
        config.routes.get("/api/v1/nextNonce", ctx -> api(ctx, x -> sim.query().nextNonce(reqLong(x, "account_index"),
                (int) reqLong(x, "api_key_index"))));
        config.routes.get("/api/v1/apikeys", ctx -> api(ctx, x -> sim.query().apiKeys(reqLong(x, "account_index"),
                optInt(x, "api_key_index"))));
        config.routes.get("/api/v1/trades", ctx -> api(ctx, x -> sim.query().trades(reqLong(x, "account_index"),
                optLong(x, "from", 0), (int) reqLong(x, "limit"), "desc".equals(x.queryParam("sort_dir")), auth(x))));
        config.routes.post("/api/v1/sendTx", ctx -> api(ctx, x -> sim.tx().sendTx((int) reqLong(x, "tx_type"),
                req(x, "tx_info"))));
        config.routes.post("/api/v1/sendTxBatch", ctx -> api(ctx, this::batch));
        config.routes.post("/api/v1/sim/registerApiKey", ctx -> api(ctx, this::register));
        config.routes.post("/api/v1/sim/provisionAccount", ctx -> api(ctx, this::provision));
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
    }

    /** Starts serving {@code sim} on its configured port (0 = any); {@code runFeed} moves marks in real time. */
    public static LighterSimServer start(LighterSimulator sim, boolean runFeed) {
        return serving(sim, () -> new LighterSimServer(sim, new LighterWsHub(sim, sim.clock(), LighterWsHub.DEFAULT_IDLE),
                runFeed));
    }

    /** Opens the simulator in {@code dataDir} and serves it. */
    public static LighterSimServer start(LighterSimConfig config, Path dataDir, Clock clock, boolean runFeed) {
        return start(LighterSimulator.open(config, dataDir, clock), runFeed);
    }

    /** The sim core's symbol of the market an admin jump names. */
    private String market(JsonNode jump) {
        LighterSimConfig.Market m = sim.config().market(jump.path("market_id").asInt(-1));
        if (m == null) {
            throw new IllegalArgumentException("unknown market_id " + jump.path("market_id"));
        }
        return m.symbol();
    }

    private void api(Context ctx, Handler handler) throws InterruptedException {
        if (!admit(ctx)) {
            return;
        }
        try {
            sim.tx().runDueSchedules();
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
        return sim.tx().sendTxBatch(types, infos);
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
        if (!SimHttp.loopback(ctx)) {
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
}
