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
        // /info and /exchange, the hot paths, are served by Jetty directly (see SimHttp.Direct): Javalin's servlet layer
        // costs more CPU per request than a simulated order does.
        listen(settings, sim.exchange(), words, "/ws", hub.connections(), hub, config -> routes(config, admin),
                java.util.Map.of("/info", new Endpoint("info"), "/exchange", new Endpoint("exchange")),
                "network=" + sim.config().network());
    }

    /** {@code POST /info} or {@code /exchange}, as the venue's HTTP layer answers it. */
    private final class Endpoint implements SimHttp.Direct {
        private final String endpoint;

        Endpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public SimHttp.Reply post(String contentType, String body, String remoteAddr) {
            if (contentType == null || !contentType.toLowerCase().startsWith("application/json")) {
                return new SimHttp.Reply(415, "text/plain; charset=utf-8",
                        "Expected request with `Content-Type: application/json`");
            }
            HyperliquidSimulator.Reply reply = sim.handle(endpoint, body, remoteAddr);
            return new SimHttp.Reply(reply.status(), reply.contentType(), reply.body());
        }

        @Override
        public SimHttp.Reply tooManyRequests() {
            return new SimHttp.Reply(429, "text/plain; charset=utf-8", "Too Many Requests");
        }
    }

    private void routes(JavalinConfig config, boolean admin) {
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
