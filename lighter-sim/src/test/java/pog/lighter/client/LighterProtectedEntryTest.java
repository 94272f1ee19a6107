package pog.lighter.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.sim.LighterSimConfig;
import pog.lighter.sim.LighterSimServer;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.OrderType;
import pog.venue.ProtectedEntry;
import pog.venue.Side;

/** Entry + stop as one CreateGroupedOrders transaction, against the simulator, witnessed by its ledger. */
class LighterProtectedEntryTest {
    static final long ACCOUNT = 42;
    static final BigDecimal TENTH = new BigDecimal("0.1");

    @TempDir
    Path dir;
    LighterSimServer server;
    LighterVenue venue;
    final String key = PrivateKey.generate(new SecureRandom()).revealHex();

    @BeforeEach
    void start() {
        server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0).withAdmin(true), dir.resolve("sim"),
                Clock.systemUTC(), false);
        venue = LighterVenue.open(new LighterSettings("http://127.0.0.1:" + server.port(), null, null, ACCOUNT, 3, null,
                null, dir.resolve("client"), true, null, Duration.ofSeconds(2), null, 2, null, null, null,
                Duration.ofMillis(50), Duration.ofMillis(200)), Map.of("LIGHTER_API_KEY", key), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        venue.close();
        server.close();
    }

    @Test
    void marketEntryAndItsStopAreOneTransactionAndNeverUnprotected() throws Exception {
        ProtectedEntry p = venue.placeWithStop(OrderRequest.market("entry-1", "ETH", Side.BUY, TENTH, false),
                OrderRequest.stopLoss("stop-1", "ETH", Side.SELL, TENTH, new BigDecimal("2900")));

        assertThat(p.atomic()).isTrue();
        assertThat(p.entry().status()).isEqualTo(OrderStatus.FILLED);
        assertThat(p.stop()).isNotNull();
        assertThat(p.stop().status()).isEqualTo(OrderStatus.OPEN);
        assertThat(p.stop().size()).isEqualByComparingTo("0.1");
        assertThat(venue.openOrders()).extracting(Order::clientId).containsExactly("stop-1");

        JsonNode mine = ledgerOf("42");
        assertThat(mine.path("unprotectedMsTotal").asLong()).isZero();
        assertThat(mine.path("intervals").size()).isZero();
        assertThat(mine.path("unprotectedNow").asBoolean()).isFalse();
    }

    @Test
    void aRestingEntryKeepsItsStopOffTheBookUntilItFills() throws Exception {
        ProtectedEntry p = venue.placeWithStop(new OrderRequest("entry-2", "ETH", Side.BUY, OrderType.LIMIT_GTC, TENTH,
                        new BigDecimal("2950"), null, false),
                OrderRequest.stopLoss("stop-2", "ETH", Side.SELL, TENTH, new BigDecimal("2850")));
        assertThat(p.entry().status()).isEqualTo(OrderStatus.OPEN);
        assertThat(p.stop()).isNull();
        assertThat(venue.openOrders()).extracting(Order::clientId).containsExactly("entry-2");

        server.simulator().exchange().jump("ETH", new BigDecimal("2940"));

        assertThat(venue.openOrders()).extracting(Order::clientId).containsExactly("stop-2");
        assertThat(ledgerOf("42").path("unprotectedMsTotal").asLong()).isZero();
    }

    @Test
    void cancellingTheEntryTakesItsWaitingStop() {
        venue.placeWithStop(new OrderRequest("entry-3", "ETH", Side.BUY, OrderType.LIMIT_GTC, TENTH,
                        new BigDecimal("2950"), null, false),
                OrderRequest.stopLoss("stop-3", "ETH", Side.SELL, TENTH, new BigDecimal("2850")));
        assertThat(venue.cancel("ETH", "entry-3")).isTrue();

        server.simulator().exchange().jump("ETH", new BigDecimal("2940"));

        assertThat(venue.positions()).isEmpty();
        assertThat(venue.openOrders()).isEmpty();
    }

    private JsonNode ledgerOf(String account) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/admin/protection")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode n : Json.mapper().readTree(r.body())) {
            if (n.path("account").asText().equals(account)) {
                return n;
            }
        }
        throw new AssertionError("no ledger for account " + account + " in " + r.body());
    }
}
