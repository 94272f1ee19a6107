package pog.hyperliquid.sim;

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

/**
 * The simulated Hyperliquid on one port, as the venue serves it: {@code POST /info}, {@code POST /exchange} and
 * WebSocket {@code /ws} (the public SDKs derive the socket URL from the base URL), on the shared simulator front
 * ({@link SimHttp}: faults, {@code /admin/protection}, and with {@code admin.enabled} {@code GET|POST /admin/faults},
 * whose {@code jump} is {@code {"coin": "BTC", "px": "55000"}}).
 *
 * <p>{@code POST /admin/fund {"user": "0x...", "usd": "10000"}} (admin on, loopback only) credits an account,
 * creating it if it is new: with {@code accounts} in the config and {@code --fund}, the way an account comes to be.
 */
public final class HyperliquidSimServer extends SimServer<HyperliquidSimulator> {
    private static final Logger log = LoggerFactory.getLogger(HyperliquidSimServer.class);

    private final HyperliquidSimulator sim;
    /** What the front answers for this venue: errors as {@code {"error": ...}}, a plain-text 429. */
    private final SimHttp.Dialect words;

    private HyperliquidSimServer(HyperliquidSimulator sim, HyperliquidWsHub hub, boolean runFeed) {
        super("hyperliquid", sim, hub);
        this.sim = sim;
        this.words = new SimHttp.Dialect((status, message) -> error(message), ctx -> ctx.status(429)
                .contentType("text/plain; charset=utf-8").result("Too Many Requests"), this::coin, "px");
        HyperliquidSimConfig.Faults initial = sim.config().faults();
        boolean admin = Boolean.TRUE.equals(sim.config().admin().enabled());
        SimHttp.Settings settings = new SimHttp.Settings(sim.config().bind(), sim.config().port(), admin,
                new Faults.Settings(initial.latencyMs() == null ? 0 : initial.latencyMs(),
                        initial.errorRate5xx() == null ? 0 : initial.errorRate5xx(),
                        initial.errorRate429() == null ? 0 : initial.errorRate429()), runFeed);
        listen(settings, sim.exchange(), words, "/ws", hub.connections(), hub, config -> routes(config, admin),
                "network=" + sim.config().network());
    }

    private void routes(JavalinConfig config, boolean admin) {
        config.routes.post("/info", ctx -> endpoint(ctx, "info"));
        config.routes.post("/exchange", ctx -> endpoint(ctx, "exchange"));
        if (admin) {
            config.routes.post("/admin/fund", SimHttp.loopbackOnly(words, this::postFund));
        }
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("event=request_failed path={} error={}", ctx.path(), e.toString(), e);
            ctx.status(400).contentType("text/plain; charset=utf-8").result("Internal error: " + e.getMessage());
        });
    }

    /**
     * Starts serving {@code sim} on its configured port (0 = any free port).
     *
     * @param runFeed move the marks in real time; tests leave it off and step the feed themselves
     */
    public static HyperliquidSimServer start(HyperliquidSimulator sim, boolean runFeed) {
        return serving(sim, () -> new HyperliquidSimServer(sim, new HyperliquidWsHub(sim), runFeed));
    }

    /** Opens the simulator in {@code dataDir} and serves it. */
    public static HyperliquidSimServer start(HyperliquidSimConfig config, Path dataDir, Clock clock, boolean runFeed) {
        return start(HyperliquidSimulator.open(config, dataDir, clock), runFeed);
    }

    /** The coin an admin jump names ({@code {"coin": "BTC", "px": "55000"}}). */
    private String coin(JsonNode jump) {
        String coin = jump.path("coin").asText("");
        if (sim.markets().byName(coin) == null) {
            throw new IllegalArgumentException("unknown coin '" + coin + "'");
        }
        return coin;
    }

    private void endpoint(Context ctx, String endpoint) throws InterruptedException {
        if (!admit(ctx)) {
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

    private void postFund(Context ctx) {
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
}
