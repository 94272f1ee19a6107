package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.wire.Tif;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** The feeds the SDKs offer beyond the trading ones, and the venue's idle close. */
class WebSocketFeedsTest extends HyperliquidSimTest {
    WebSocketTest.Client ws;

    @BeforeEach
    void start() {
        ws = new WebSocketTest.Client(h);
    }

    @AfterEach
    void stop() {
        ws.close();
    }

    private JsonNode first(String channel) {
        await().atMost(Duration.ofSeconds(5)).until(() -> !ws.channel(channel).isEmpty());
        return ws.channel(channel).get(0).get("data");
    }

    private void subscribe(String subscription) {
        ws.send("{\"method\":\"subscribe\",\"subscription\":" + subscription + "}");
    }

    @Test
    void marketFeedsAnswerInTheVenuesShapesAndFollowTheMark() {
        subscribe("{\"type\":\"bbo\",\"coin\":\"BTC\"}");
        subscribe("{\"type\":\"activeAssetCtx\",\"coin\":\"BTC\"}");
        subscribe("{\"type\":\"candle\",\"coin\":\"BTC\",\"interval\":\"1m\"}");
        JsonNode bbo = first("bbo");
        assertThat(bbo.get("coin").asText()).isEqualTo("BTC");
        assertThat(bbo.get("bbo").size()).isEqualTo(2);
        assertThat(bbo.at("/bbo/0/px").asText()).isNotEmpty();
        assertThat(bbo.at("/bbo/1/n").isInt()).isTrue();
        JsonNode ctx = first("activeAssetCtx");
        assertThat(ctx.get("coin").asText()).isEqualTo("BTC");
        assertThat(ctx.at("/ctx/markPx").asText()).isEqualTo("60000.0");
        JsonNode candle = first("candle");
        assertThat(candle.get("s").asText()).isEqualTo("BTC");
        assertThat(candle.get("i").asText()).isEqualTo("1m");

        h.jump("BTC", "60500");
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.channel("activeAssetCtx").stream()
                .anyMatch(m -> m.at("/data/ctx/markPx").asText().equals("60500.0")));
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.channel("candle").stream()
                .anyMatch(m -> m.at("/data/c").asText().equals("60500.0")));
        assertThat(ws.channel("error")).isEmpty();
    }

    @Test
    void userFeedsStartWithTheAccountsStateAndFlagSnapshots() {
        subscribe("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}");
        subscribe("{\"type\":\"clearinghouseState\",\"user\":\"" + h.alice() + "\"}");
        subscribe("{\"type\":\"userFundings\",\"user\":\"" + h.alice() + "\"}");
        subscribe("{\"type\":\"userNonFundingLedgerUpdates\",\"user\":\"" + h.alice() + "\"}");
        subscribe("{\"type\":\"webData2\",\"user\":\"" + h.alice() + "\"}");
        subscribe("{\"type\":\"webData3\",\"user\":\"" + h.alice() + "\"}");
        subscribe("{\"type\":\"activeAssetData\",\"user\":\"" + h.alice() + "\",\"coin\":\"BTC\"}");
        subscribe("{\"type\":\"notification\",\"user\":\"" + h.alice() + "\"}");

        assertThat(first("openOrders").get("orders")).isEmpty();
        assertThat(first("clearinghouseState").at("/clearinghouseState/marginSummary/accountValue").asText())
                .isEqualTo("10000.0");
        JsonNode fundings = first("userFundings");
        assertThat(fundings.get("isSnapshot").asBoolean()).isTrue();
        assertThat(fundings.get("fundings")).isEmpty();
        assertThat(first("userNonFundingLedgerUpdates").get("isSnapshot").asBoolean()).isTrue();
        JsonNode web2 = first("webData2");
        assertThat(web2.get("user").asText()).isEqualTo(h.alice());
        assertThat(web2.at("/meta/universe/0/name").asText()).isEqualTo("BTC");
        assertThat(web2.get("assetCtxs").size()).isEqualTo(3);
        assertThat(first("webData3").at("/userState/user").asText()).isEqualTo(h.alice());
        JsonNode asset = first("activeAssetData");
        assertThat(asset.at("/leverage/type").asText()).isEqualTo("cross");
        assertThat(asset.get("maxTradeSzs").size()).isEqualTo(2);
        assertThat(ws.channel("error")).isEmpty();

        h.ok(h.alice, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, "feeds-1"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ws.channel("openOrders").stream()
                .anyMatch(m -> m.at("/data/orders").size() == 1));
    }

    @Test
    void aClientThatSendsNothingFor60sIsClosedWhatTheServerPushesNotwithstanding() {
        subscribe("{\"type\":\"allMids\"}");
        first("allMids");
        h.clock.advance(Duration.ofSeconds(59));
        h.jump("BTC", "60100"); // the server's own push does not keep the connection alive
        assertThat(h.server.closeIdleWebSockets()).isZero();
        ws.send("{\"method\":\"ping\"}");
        first("pong");
        h.clock.advance(Duration.ofSeconds(59));
        h.jump("BTC", "60200");
        assertThat(h.server.closeIdleWebSockets()).as("the ping 59 s ago keeps it open").isZero();
        h.clock.advance(Duration.ofSeconds(2));
        h.server.closeIdleWebSockets();
        await().atMost(Duration.ofSeconds(5)).until(ws.closed::get);
        assertThat(h.server.webSocketConnections()).isZero();
    }
}
