package pog.pm.portfolio;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.auth.ControlToken;
import pog.common.http.HttpService;
import pog.common.http.Response;
import pog.common.metrics.Metrics;
import pog.common.time.ManualClock;
import pog.contract.Check;
import pog.contract.Health;
import pog.pm.Procs;
import pog.pm.api.PmMetrics;
import pog.pm.client.TraderClient;
import pog.pm.config.PmConfig;
import pog.pm.registry.Registry;
import pog.pm.registry.ServiceEntry;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PM carries each position's protection as its trader reports it and adds how long a position has gone without a
 * verified stop, on PM's (here manual) clock: since its last verification, or since PM first saw it uncovered if it
 * never was. A pending stop is not counted until it outlasts the contract's 2 s; a stale report keeps counting.
 */
class PortfolioProtectionTest {
    private static final long T0 = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(T0);
    private final AtomicReference<String> positions = new AtomicReference<>("[]");
    private final TraderClient client = new TraderClient(Duration.ofSeconds(2), ControlToken.of(Procs.TOKEN));
    private HttpService trader;
    private Registry registry;
    private PortfolioTracker tracker;

    @BeforeEach
    void open() throws Exception {
        trader = HttpService.builder().bind("127.0.0.1", 0)
                .get("/api/positions", r -> Response.text("application/json", positions.get()))
                .get("/api/account", r -> Response.text("application/json",
                        "{\"equity\":\"1000\",\"marginUsed\":\"10\",\"available\":\"990\",\"observedAt\":" + T0 + "}"))
                .start();
        Path config = dir.resolve("pm.yml");
        Files.writeString(config, "services:\n  - id: t1\n    baseUrl: " + trader.baseUrl() + "\n    launcher: external\n",
                StandardCharsets.UTF_8);
        PmConfig pm = PmConfig.load(config);
        registry = new Registry(pm, clock);
        answered();
        tracker = new PortfolioTracker(registry, client, pm.monitor(), clock);
    }

    @AfterEach
    void close() {
        trader.close();
        client.close();
    }

    /** The trader answers a health check now, as PM's monitor would see it before each portfolio poll. */
    private void answered() {
        ServiceEntry t1 = registry.get("t1");
        synchronized (t1) {
            t1.health().answered(new Health("t1", "i1", 1L, "1", "sim", "a", T0, "ok", "s", false, null,
                    Map.of("loop", new Check(true, "fine", clock.millis())), clock.millis()), 1);
        }
    }

    private static String position(String symbol, String side, boolean covered, String state, Long verifiedAt) {
        return "{\"symbol\":\"" + symbol + "\",\"side\":\"" + side + "\",\"size\":\"1\",\"entryPrice\":\"100\","
                + "\"markPrice\":\"101\",\"unrealizedPnl\":\"1\",\"stopPrice\":" + (covered ? "\"95\"" : "null")
                + ",\"protected\":" + covered + ",\"observedAt\":" + T0
                + ",\"protection\":{\"state\":\"" + state + "\",\"stopOrderId\":" + (covered ? "\"77\"" : "null")
                + ",\"triggerPrice\":" + (covered ? "\"95\"" : "null") + ",\"verifiedAt\":" + verifiedAt + "}}";
    }

    private PortfolioView pollAt(long t, String... ps) throws Exception {
        clock.set(t);
        answered();
        positions.set("[" + String.join(",", ps) + "]");
        tracker.poll().get(5, TimeUnit.SECONDS);
        return tracker.snapshot();
    }

    private static PortfolioView.Protection of(PortfolioView v, String symbol) {
        return v.positions().stream().filter(p -> p.symbol().equals(symbol)).findFirst().orElseThrow().protection();
    }

    @Test
    void agesCountFromTheLastVerificationOrFromPmsFirstSightingAndPendingOnlyPastItsBound() throws Exception {
        PortfolioView v = pollAt(T0,
                position("BTC", "long", true, "verified", T0),
                position("ETH", "short", false, "missing", null),
                position("SOL", "long", true, "pending", null));
        assertThat(of(v, "BTC")).isEqualTo(new PortfolioView.Protection("verified", "77",
                new java.math.BigDecimal("95"), T0, 0L, false, null, null));
        assertThat(of(v, "ETH").unprotected()).isTrue();
        assertThat(of(v, "ETH").unprotectedSince()).as("never verified: since PM first saw it").isEqualTo(T0);
        assertThat(of(v, "SOL").unprotected()).as("a stop on its way").isFalse();
        assertThat(v.unprotectedPositions()).isEqualTo(1);

        v = pollAt(T0 + 3_000,
                position("BTC", "long", true, "verified", T0 + 2_900),
                position("ETH", "short", false, "missing", null),
                position("SOL", "long", true, "pending", null));
        assertThat(of(v, "BTC").verifiedAgeMs()).isEqualTo(100L);
        assertThat(of(v, "ETH").unprotectedForMs()).isEqualTo(3_000L);
        assertThat(of(v, "SOL").unprotected()).as("pending for 3 s, past the 2 s bound").isTrue();
        assertThat(v.unprotectedPositions()).isEqualTo(2);
        assertThat(v.oldestUnprotectedMs()).isEqualTo(3_000L);

        // BTC's stop is cancelled from outside: it has been unprotected since it was last seen covered
        v = pollAt(T0 + 4_000,
                position("BTC", "long", false, "missing", T0 + 2_900),
                position("ETH", "short", false, "missing", null),
                position("SOL", "long", true, "verified", T0 + 3_950));
        assertThat(of(v, "BTC").unprotectedSince()).isEqualTo(T0 + 2_900);
        assertThat(of(v, "BTC").unprotectedForMs()).isEqualTo(1_100L);
        assertThat(of(v, "SOL").unprotected()).isFalse();
        assertThat(v.unprotectedPositions()).isEqualTo(2);
        assertThat(v.oldestUnprotectedMs()).isEqualTo(4_000L);

        String metrics = new String(Metrics.render(new PmMetrics(registry, tracker).registry()).body(),
                StandardCharsets.UTF_8);
        assertThat(metrics).contains("pog_positions_unprotected{service=\"t1\"} 2.0")
                .contains("pog_positions_unprotected_oldest_seconds{service=\"t1\"} 4.0");

        // ETH closes, BTC's stop is back: nothing unprotected, and a later ETH starts its own clock
        v = pollAt(T0 + 5_000, position("BTC", "long", true, "verified", T0 + 5_000));
        assertThat(v.unprotectedPositions()).isZero();
        assertThat(v.oldestUnprotectedMs()).isZero();
        v = pollAt(T0 + 6_000, position("BTC", "long", true, "verified", T0 + 6_000),
                position("ETH", "short", false, "missing", null));
        assertThat(of(v, "ETH").unprotectedForMs()).isZero();
        metrics = new String(Metrics.render(new PmMetrics(registry, tracker).registry()).body(), StandardCharsets.UTF_8);
        assertThat(metrics).contains("pog_positions_unprotected{service=\"t1\"} 1.0");
    }

    @Test
    void aStaleReportNeverReadsAsFreshlyProtectedButItsUnprotectedPositionKeepsCounting() throws Exception {
        pollAt(T0, position("BTC", "long", true, "verified", T0), position("ETH", "short", false, "missing", null));
        clock.set(T0 + 20_000); // no answer since: the report is 20 s old
        PortfolioView v = tracker.snapshot();
        assertThat(v.positions()).allMatch(PortfolioView.Position::stale);
        assertThat(of(v, "BTC").verifiedAgeMs()).as("verified, but 20 s ago").isEqualTo(20_000L);
        assertThat(of(v, "ETH").unprotectedForMs()).isEqualTo(20_000L);
        assertThat(v.unprotectedPositions()).isEqualTo(1);
    }

    @Test
    void aTraderOlderThanTheProtectionFieldIsReadFromItsProtectedFlag() throws Exception {
        String old = "{\"symbol\":\"BTC\",\"side\":\"long\",\"size\":\"1\",\"stopPrice\":\"95\",\"protected\":true,"
                + "\"observedAt\":" + T0 + "}";
        String naked = "{\"symbol\":\"ETH\",\"side\":\"long\",\"size\":\"1\",\"protected\":false,\"observedAt\":" + T0 + "}";
        PortfolioView v = pollAt(T0 + 500, old, naked);
        assertThat(of(v, "BTC").state()).isEqualTo("verified");
        assertThat(of(v, "BTC").verifiedAt()).isEqualTo(T0);
        assertThat(of(v, "BTC").triggerPrice()).isEqualByComparingTo("95");
        assertThat(of(v, "ETH").state()).isEqualTo("missing");
        assertThat(of(v, "ETH").unprotected()).isTrue();
    }
}
