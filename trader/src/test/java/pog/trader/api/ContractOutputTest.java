package pog.trader.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.auth.ControlToken;
import pog.common.http.HttpService;
import pog.common.json.Json;
import pog.common.time.ManualClock;
import pog.contract.Fixtures;
import pog.contract.PositionView;
import pog.sim.Exchange;
import pog.paper.PaperVenue;
import pog.sim.SimConfig;
import pog.trader.config.RiskConfig;
import pog.trader.engine.Engine;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a trader serves on {@code /api/health}, {@code /api/positions} and {@code /api/account}, over real HTTP, has
 * exactly the fields of the contract's fixtures (nested ones included), so PM's reading of the fixtures is a reading
 * of this trader. A field added or renamed here fails until the fixture, and with it PM's test, says so.
 */
class ContractOutputTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_800_000_000_000L);
    private final HttpClient http = HttpClient.newHttpClient();
    private Exchange exchange;
    private Journal journal;
    private Engine engine;
    private TraderApi api;
    private HttpService server;

    @BeforeEach
    void open() throws Exception {
        exchange = Exchange.open(SimConfig.defaults(), dir.resolve("venue.db"), clock);
        journal = Journal.open(dir.resolve("journal.db"));
        Strategy longBtc = new Strategy() {
            @Override
            public Signal onBar(String symbol, BigDecimal price, long time) {
                return symbol.equals("BTC") ? Signal.LONG : Signal.NONE;
            }

            @Override
            public String describe() {
                return "long BTC";
            }
        };
        RiskConfig risk = new RiskConfig(new BigDecimal("0.01"), new BigDecimal("0.005"), new BigDecimal("20000"),
                new BigDecimal("5"), new BigDecimal("500"));
        engine = new Engine("t", new PaperVenue(exchange, "acct"), journal, longBtc, new RiskManager(risk), clock,
                1000, 1000, List.of("BTC"), s -> { });
        api = new TraderApi(new Identity("t", "i-1", 4242, "test", "paper", "acct", clock.millis()), journal, clock,
                1000, by -> { });
        engine.reconcile();
        api.ownership(engine.ownership());
        api.attach(engine);
        server = api.start("127.0.0.1", 0, ControlToken.of("contract-test-token-0123456789"), List.of());
        clock.advanceMillis(1000);
        exchange.advance();
        engine.tick(); // enters BTC long with its stop: one position with every protection field filled
    }

    @AfterEach
    void close() {
        server.close();
        engine.close();
        api.close();
        journal.close();
        exchange.close();
    }

    @Test
    void healthHasTheFixturesFields() throws Exception {
        assertThat(Fixtures.fieldPaths(get("/api/health")))
                .isEqualTo(Fixtures.fieldPaths(Json.mapper().readTree(Fixtures.text(Fixtures.HEALTH))));
    }

    @Test
    void positionsHaveTheFixturesFieldsWithTheirProtection() throws Exception {
        JsonNode served = get("/api/positions");
        assertThat(served).hasSize(1);
        assertThat(served.get(0).get("protection").get("state").asText()).isEqualTo(PositionView.Protection.VERIFIED);
        assertThat(Fixtures.fieldPaths(served))
                .isEqualTo(Fixtures.fieldPaths(Json.mapper().readTree(Fixtures.text(Fixtures.POSITIONS))));
    }

    @Test
    void accountHasTheFixturesFieldsWithMoneyAsDecimalStrings() throws Exception {
        JsonNode served = get("/api/account");
        assertThat(served.get("equity").isTextual()).as("money is a decimal string on the wire").isTrue();
        assertThat(Fixtures.fieldPaths(served))
                .isEqualTo(Fixtures.fieldPaths(Json.mapper().readTree(Fixtures.text(Fixtures.ACCOUNT))));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body());
    }
}
