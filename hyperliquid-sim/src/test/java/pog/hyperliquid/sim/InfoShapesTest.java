package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.common.json.Json;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.Tif;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;
import static pog.hyperliquid.sim.SimHarness.ETH;

/**
 * Info answers pinned field for field by fixtures ({@code src/test/resources/sim/info-*.json}). The scenario is
 * deterministic: a hand-driven clock, marks moved only by jumps, oids and tids from 1.
 */
class InfoShapesTest extends HyperliquidSimTest {
    String user;

    @BeforeEach
    void scenario() {
        user = h.alice();
        h.ok(h.alice, Actions.updateLeverage(BTC, true, 10));
        h.ok(h.alice, SimHarness.limit(BTC, true, "61000", "0.01", Tif.IOC, "open-long"));
        h.ok(h.alice, Actions.order(List.of(SimHarness.stop(BTC, false, "57000", "0.01", false)), Grouping.NA));
        h.ok(h.alice, SimHarness.limit(ETH, false, "3100", "0.5", Tif.GTC, "eth-offer"));
        h.clock.advanceMillis(61_000);
        h.jump("BTC", "60500");
    }

    private void assertMatchesFixture(String name, JsonNode actual) throws IOException {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/sim/info-" + name + ".json")) {
            if (in == null) {
                Path out = Path.of("target", "sim-fixtures", "info-" + name + ".json");
                Files.createDirectories(out.getParent());
                Files.writeString(out, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(actual));
                throw new AssertionError("no fixture " + name + "; wrote the current answer to " + out.toAbsolutePath());
            }
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String expected = text.replace("${user}", user);
        assertThat(actual).isEqualTo(Json.mapper().readTree(expected));
    }

    private JsonNode info(String json) {
        return h.info(json.replace("${user}", user));
    }

    @Test
    void meta() throws IOException {
        assertMatchesFixture("meta", info("{\"type\":\"meta\"}"));
    }

    @Test
    void spotMetaIsEmpty() throws IOException {
        assertMatchesFixture("spotMeta", info("{\"type\":\"spotMeta\"}"));
    }

    @Test
    void allMids() throws IOException {
        assertMatchesFixture("allMids", info("{\"type\":\"allMids\"}"));
    }

    @Test
    void clearinghouseState() throws IOException {
        assertMatchesFixture("clearinghouseState", info("{\"type\":\"clearinghouseState\",\"user\":\"${user}\"}"));
    }

    @Test
    void openOrders() throws IOException {
        assertMatchesFixture("openOrders", info("{\"type\":\"openOrders\",\"user\":\"${user}\"}"));
    }

    @Test
    void frontendOpenOrders() throws IOException {
        assertMatchesFixture("frontendOpenOrders", info("{\"type\":\"frontendOpenOrders\",\"user\":\"${user}\"}"));
    }

    @Test
    void userFills() throws IOException {
        assertMatchesFixture("userFills", info("{\"type\":\"userFills\",\"user\":\"${user}\"}"));
        assertThat(info("{\"type\":\"userFillsByTime\",\"user\":\"${user}\",\"startTime\":" + SimHarness.T0 + "}"))
                .isEqualTo(info("{\"type\":\"userFills\",\"user\":\"${user}\"}"));
        assertThat(info("{\"type\":\"userFillsByTime\",\"user\":\"${user}\",\"startTime\":" + (SimHarness.T0 + 1) + "}")
                .size()).isZero();
    }

    @Test
    void orderStatusByOidAndByCloid() throws IOException {
        assertMatchesFixture("orderStatus", info("{\"type\":\"orderStatus\",\"user\":\"${user}\",\"oid\":1}"));
        assertThat(info("{\"type\":\"orderStatus\",\"user\":\"${user}\",\"oid\":\""
                + pog.hyperliquid.wire.Cloid.fromClientOrderId("open-long") + "\"}"))
                .isEqualTo(info("{\"type\":\"orderStatus\",\"user\":\"${user}\",\"oid\":1}"));
        assertThat(info("{\"type\":\"orderStatus\",\"user\":\"${user}\",\"oid\":999}").toString())
                .isEqualTo("{\"status\":\"unknownOid\"}");
    }

    @Test
    void l2Book() throws IOException {
        JsonNode book = info("{\"type\":\"l2Book\",\"coin\":\"SOL\"}");
        assertThat(book.at("/levels/0").size()).isEqualTo(20);
        assertThat(book.at("/levels/1").size()).isEqualTo(20);
        ((com.fasterxml.jackson.databind.node.ArrayNode) book.at("/levels/0")).removeAll();
        ((com.fasterxml.jackson.databind.node.ArrayNode) book.at("/levels/1")).removeAll();
        JsonNode top = info("{\"type\":\"l2Book\",\"coin\":\"SOL\"}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) book).set("levels", Json.mapper().createArrayNode()
                .add(Json.mapper().createArrayNode().add(top.at("/levels/0/0")).add(top.at("/levels/0/1")))
                .add(Json.mapper().createArrayNode().add(top.at("/levels/1/0")).add(top.at("/levels/1/1"))));
        assertMatchesFixture("l2Book", book);
        assertThat(info("{\"type\":\"l2Book\",\"coin\":\"NOPE\"}").isNull()).isTrue();
    }

    @Test
    void candleSnapshot() throws IOException {
        h.clock.advanceMillis(30_000);
        h.jump("BTC", "60400");
        assertMatchesFixture("candleSnapshot", info("{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\","
                + "\"interval\":\"1m\",\"startTime\":" + SimHarness.T0 + ",\"endTime\":" + (SimHarness.T0 + 120_000)
                + "}}"));
    }
}
