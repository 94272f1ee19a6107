package pog.lighter.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.common.json.Json;
import pog.lighter.signer.tx.SignedTx;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static pog.lighter.sim.SimHarness.ETH;
import static pog.lighter.sim.SimHarness.limit;
import static pog.lighter.sim.SimHarness.market;

class StreamAndBatchTest extends LighterSimTest {
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    WebSocket ws;

    @BeforeEach
    void start() throws Exception {
        h.register();
        ws = h.stream(received, new CompletableFuture<>());
        await().until(() -> has("connected"));
    }

    @AfterEach
    void stop() {
        ws.abort();
    }

    private boolean has(String type) {
        return received.stream().anyMatch(m -> type.equals(m.path("type").asText()));
    }

    private void send(String text) throws Exception {
        ws.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    @Test
    void pingSubscriptionsAndUpdates() throws Exception {
        send("{\"type\":\"ping\"}");
        await().until(() -> has("pong"));
        send("{\"type\":\"subscribe\",\"channel\":\"order_book/0\"}");
        await().until(() -> has("subscribed/order_book"));
        send("{\"type\":\"subscribe\",\"channel\":\"account_all/7\",\"auth\":\"" + h.auth() + "\"}");
        await().until(() -> has("subscribed/account_all"));

        h.sim().exchange().jump("ETH", new BigDecimal("3100"));
        await().untilAsserted(() -> assertThat(received).anySatisfy(m -> {
            assertThat(m.path("type").asText()).isEqualTo("update/order_book");
            assertThat(m.path("order_book").path("asks").path(0).path("price").asText()).isEqualTo("3100.00");
            // an update is a delta, as the venue's: the level the snapshot showed is removed (size 0)
            for (String side : new String[]{"asks", "bids"}) {
                assertThat(m.path("order_book").path(side).path(1).path("price").asText()).isEqualTo("3000.00");
                assertThat(new BigDecimal(m.path("order_book").path(side).path(1).path("size").asText())).isZero();
            }
        }));

        h.send(market(ETH, 5, 1000, 330000, false));
        await().untilAsserted(() -> assertThat(received).anySatisfy(m -> {
            assertThat(m.path("type").asText()).isEqualTo("update/account_all");
            assertThat(m.path("trades").path("0").path(0).path("bid_client_id").asLong()).isEqualTo(5);
        }));

        send("{\"type\":\"subscribe\",\"channel\":\"order_book/99\"}");
        await().until(() -> received.stream().anyMatch(m -> m.path("error").path("code").asInt() == 30005));
        send("{\"type\":\"subscribe\",\"channel\":\"account_all/7\",\"auth\":\"1:7:3:00\"}");
        await().until(() -> received.stream().anyMatch(m -> m.path("error").path("code").asInt() == 20013));
    }

    @Test
    void aTransactionOverTheSocket() throws Exception {
        SignedTx tx = h.sign(limit(ETH, 9, 1000, 290000, false));
        send("{\"type\":\"jsonapi/sendtx\",\"data\":{\"tx_type\":14,\"tx_info\":" + tx.txInfo() + "}}");
        await().untilAsserted(() -> assertThat(received).anySatisfy(m -> {
            assertThat(m.path("type").asText()).isEqualTo("jsonapi/sendtx");
            assertThat(m.path("data").path("tx_hash").asText()).isEqualTo(tx.txHash());
        }));
        assertThat(h.activeOrders(ETH).path("orders")).hasSize(1);
    }

    @Test
    void aBatchOfTransactions() throws Exception {
        SignedTx a = h.sign(limit(ETH, 10, 1000, 290000, false));
        SignedTx b = h.sign(limit(ETH, 11, 1000, 289000, false));
        SimHarness.Answer r = h.post("/api/v1/sendTxBatch", "tx_types", "[14,14]", "tx_infos",
                Json.write(List.of(a.txInfo(), b.txInfo())));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("tx_hash")).extracting(JsonNode::asText).containsExactly(a.txHash(), b.txHash());
        assertThat(h.activeOrders(ETH).path("orders")).hasSize(2);
    }

    @Test
    void faultsFromTheAdminEndpoint() throws Exception {
        HttpResponse<String> set = h.http.send(HttpRequest.newBuilder(URI.create(h.base() + "/admin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorRate5xx\": 1, \"jump\": {\"market_id\": 0,"
                        + " \"price\": \"2500\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(h.sim().exchange().marks().get("ETH")).isEqualByComparingTo("2500");
        HttpResponse<String> failed = h.http.send(HttpRequest.newBuilder(URI.create(h.base() + "/api/v1/orderBooks"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(failed.statusCode()).isEqualTo(502);
        h.http.send(HttpRequest.newBuilder(URI.create(h.base() + "/admin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"errorRate5xx\": 0, \"dropWebSockets\": true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(h.get("/api/v1/orderBooks").body().path("order_books")).hasSize(3);
        await().until(() -> h.server.webSocketConnections() == 0);
    }
}
