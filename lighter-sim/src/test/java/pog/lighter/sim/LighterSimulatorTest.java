package pog.lighter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.tx.CancelAllOrders;
import pog.lighter.signer.tx.CancelOrder;
import pog.lighter.signer.tx.ModifyOrder;
import pog.lighter.signer.tx.SignedTx;
import pog.lighter.signer.tx.TimeInForce;
import pog.lighter.signer.tx.UpdateLeverage;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.lighter.sim.SimHarness.ACCOUNT;
import static pog.lighter.sim.SimHarness.BTC;
import static pog.lighter.sim.SimHarness.ETH;
import static pog.lighter.sim.SimHarness.limit;
import static pog.lighter.sim.SimHarness.market;
import static pog.lighter.sim.SimHarness.stopLoss;

class LighterSimulatorTest extends LighterSimTest {
    @BeforeEach
    void start() throws Exception {
        assertThat(h.register().path("code").asInt()).isEqualTo(200);
    }

    @Test
    void aSignedLimitOrderRestsAndIsCancelledByItsOrderIndex() throws Exception {
        SignedTx tx = h.sign(limit(ETH, 11, 1000, 290000, false)); // 0.1 ETH at 2900.00
        SimHarness.Answer sent = h.send(tx);
        assertThat(sent.status()).isEqualTo(200);
        assertThat(sent.body().path("code").asInt()).isEqualTo(200);
        assertThat(sent.body().path("tx_hash").asText()).isEqualTo(tx.txHash());

        JsonNode orders = h.activeOrders(ETH).path("orders");
        assertThat(orders).hasSize(1);
        JsonNode o = orders.get(0);
        assertThat(o.path("client_order_index").asLong()).isEqualTo(11);
        assertThat(o.path("price").asText()).isEqualTo("2900.00");
        assertThat(o.path("initial_base_amount").asText()).isEqualTo("0.1000");
        assertThat(o.path("status").asText()).isEqualTo("open");
        assertThat(o.path("is_ask").asBoolean()).isFalse();

        assertThat(h.send(new CancelOrder(ETH, o.path("order_index").asLong())).status()).isEqualTo(200);
        assertThat(h.activeOrders(ETH).path("orders")).isEmpty();
        assertThat(h.get("/api/v1/nextNonce?account_index=7&api_key_index=3").body().path("nonce").asLong())
                .isEqualTo(h.nonce);
    }

    @Test
    void aMarketOrderFillsAtTheMarkAndShowsAsAPositionAndATrade() throws Exception {
        assertThat(h.send(market(ETH, 12, 1000, 310000, false)).status()).isEqualTo(200);
        JsonNode account = h.get("/api/v1/account?by=index&value=7").body().path("accounts").get(0);
        JsonNode p = account.path("positions").get(0);
        assertThat(p.path("market_id").asInt()).isEqualTo(ETH);
        assertThat(p.path("sign").asInt()).isEqualTo(1);
        assertThat(p.path("position").asText()).isEqualTo("0.1000");
        assertThat(p.path("avg_entry_price").asText()).isEqualTo("3000.00");

        JsonNode trades = h.get("/api/v1/trades?account_index=7&sort_by=trade_id&limit=100&auth=" + h.auth()).body();
        assertThat(trades.path("trades")).hasSize(1);
        JsonNode t = trades.path("trades").get(0);
        assertThat(t.path("bid_account_id").asLong()).isEqualTo(ACCOUNT);
        assertThat(t.path("bid_client_id").asLong()).isEqualTo(12);
        assertThat(t.path("size").asText()).isEqualTo("0.1000");
    }

    @Test
    void aReusedClientOrderIndexCreatesNothingNew() throws Exception {
        h.send(limit(ETH, 21, 1000, 290000, false));
        assertThat(h.send(limit(ETH, 21, 2000, 280000, false)).status()).isEqualTo(200);
        JsonNode orders = h.activeOrders(ETH).path("orders");
        assertThat(orders).hasSize(1);
        assertThat(orders.get(0).path("price").asText()).isEqualTo("2900.00");
    }

    @Test
    void modifyChangesPriceAndSizeAndKeepsTheClientOrderIndex() throws Exception {
        h.send(limit(ETH, 31, 1000, 290000, false));
        long index = h.activeOrders(ETH).path("orders").get(0).path("order_index").asLong();
        assertThat(h.send(new ModifyOrder(ETH, index, 2000, 285000, 0)).status()).isEqualTo(200);
        JsonNode o = h.activeOrders(ETH).path("orders").get(0);
        assertThat(o.path("client_order_index").asLong()).isEqualTo(31);
        assertThat(o.path("price").asText()).isEqualTo("2850.00");
        assertThat(o.path("initial_base_amount").asText()).isEqualTo("0.2000");
        // The client order index now names the modified order: cancel by it.
        assertThat(h.send(new CancelOrder(ETH, 31)).status()).isEqualTo(200);
        assertThat(h.activeOrders(ETH).path("orders")).isEmpty();
    }

    @Test
    void cancelAllNowAndUpdateLeverage() throws Exception {
        h.send(limit(ETH, 41, 1000, 290000, false));
        h.send(limit(BTC, 42, 1000, 500000, false));
        assertThat(h.send(new CancelAllOrders(TimeInForce.CANCEL_ALL_IMMEDIATE, 0)).status()).isEqualTo(200);
        assertThat(h.activeOrders(ETH).path("orders")).isEmpty();
        assertThat(h.activeOrders(BTC).path("orders")).isEmpty();

        assertThat(h.send(new UpdateLeverage(BTC, 1000, 0)).status()).isEqualTo(200);
        assertThat(h.sim().exchange().leverage("7", "BTC")).isEqualTo(10);
    }

    @Test
    void scheduledCancelAllFiresAtItsTime() throws Exception {
        h.send(limit(ETH, 51, 1000, 290000, false));
        assertThat(h.send(new CancelAllOrders(TimeInForce.CANCEL_ALL_SCHEDULED, SimHarness.T0 + 60_000)).status())
                .isEqualTo(200);
        assertThat(h.get("/api/v1/account?by=index&value=7").body().path("accounts").get(0).path("cancel_all_time")
                .asLong()).isEqualTo(SimHarness.T0 + 60_000);
        h.clock.advanceMillis(59_999);
        assertThat(h.activeOrders(ETH).path("orders")).hasSize(1);
        h.clock.advanceMillis(1);
        assertThat(h.activeOrders(ETH).path("orders")).isEmpty();
        assertThat(h.get("/api/v1/accountInactiveOrders?account_index=7&limit=10&auth=" + h.auth()).body()
                .path("orders").get(0).path("status").asText()).isEqualTo("canceled");
    }

    @Test
    void finishedOrdersReadTheSameFromMemoryAndAfterARestart() throws Exception {
        for (int i = 0; i < 5; i++) {
            h.send(limit(ETH, 70 + i, 1000, 290000, false));
        }
        h.send(market(ETH, 80, 1000, 310000, false));
        assertThat(h.send(new CancelAllOrders(TimeInForce.CANCEL_ALL_IMMEDIATE, 0)).status()).isEqualTo(200);
        String inactive = "/api/v1/accountInactiveOrders?account_index=7&market_id=0&limit=10&auth=";
        org.awaitility.Awaitility.await().until(() -> h.get(inactive + h.auth()).body().path("orders").size() == 6);
        JsonNode before = h.get(inactive + h.auth()).body().path("orders");
        assertThat(before.get(0).path("client_order_index").asLong()).as("highest order index first").isEqualTo(80);
        assertThat(before).extracting(o -> o.path("status").asText()).containsOnly("canceled", "filled");
        h.restart();
        assertThat(h.get(inactive + h.auth()).body().path("orders")).isEqualTo(before);
    }

    @Test
    void aStopLossRestsAndFiresWhenTheMarkCrossesIt() throws Exception {
        h.send(market(ETH, 61, 1000, 310000, false));
        h.send(stopLoss(ETH, 62, 1000, 290000, 260000, true));
        JsonNode stop = h.activeOrders(ETH).path("orders").get(0);
        assertThat(stop.path("type").asText()).isEqualTo("stop-loss");
        assertThat(stop.path("trigger_price").asText()).isEqualTo("2900.00");
        assertThat(stop.path("reduce_only").asBoolean()).isTrue();

        h.sim().exchange().jump("ETH", new BigDecimal("2890"));
        assertThat(h.activeOrders(ETH).path("orders")).isEmpty();
        assertThat(h.sim().exchange().positions("7")).isEmpty();
    }

    @Test
    void stateSurvivesARestart() throws Exception {
        h.send(limit(ETH, 71, 1000, 290000, false));
        long next = h.nonce;
        h.restart();
        assertThat(h.get("/api/v1/nextNonce?account_index=7&api_key_index=3").body().path("nonce").asLong())
                .isEqualTo(next);
        assertThat(h.activeOrders(ETH).path("orders")).hasSize(1);
        h.nonce = next - 1;
        assertThat(h.send(limit(ETH, 72, 1000, 290000, false)).body().path("code").asInt()).isEqualTo(21104);
    }

    @Test
    void refusalsComeInLightersErrorShape() throws Exception {
        // tampered: the signature no longer matches the fields
        SignedTx good = h.sign(limit(ETH, 81, 1000, 290000, false));
        String tampered = good.txInfo().replace("\"Price\":290000", "\"Price\":290001");
        assertError(h.post("/api/v1/sendTx", "tx_type", "14", "tx_info", tampered), 21120);
        // reused nonce
        assertThat(h.send(good).status()).isEqualTo(200);
        assertError(h.send(good), 21104);
        // below the market's minimum size (0.005 ETH)
        assertError(h.send(limit(ETH, 82, 10, 290000, false)), 21706);
        // unknown market
        assertError(h.send(limit(7, 83, 1000, 290000, false)), 21701);
        // malformed input
        assertError(h.post("/api/v1/sendTx", "tx_type", "14", "tx_info", "{not json"), 20001);
        assertError(h.post("/api/v1/sendTx", "tx_type", "abc", "tx_info", "{}"), 20001);
        assertError(h.post("/api/v1/sendTx", "tx_info", "{}"), 20001);
        assertError(h.get("/api/v1/accountActiveOrders?account_index=7&market_id=0"), 20013);
        assertError(h.get("/api/v1/account?by=name&value=x"), 20001);
        // an unused slot of an existing account starts at nonce 0; an account nobody provisioned does not exist
        assertThat(h.get("/api/v1/nextNonce?account_index=7&api_key_index=9").body().path("nonce").asLong()).isZero();
        assertError(h.get("/api/v1/nextNonce?account_index=8&api_key_index=3"), 21100);
        assertError(h.get("/api/v1/account?by=index&value=8"), 21100);
    }

    private static void assertError(SimHarness.Answer a, int code) {
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().path("code").asInt()).isEqualTo(code);
        assertThat(a.body().path("message").asText()).isNotBlank();
    }
}
