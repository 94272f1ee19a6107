package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import pog.common.json.Json;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Verifier;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.Signature;
import pog.hyperliquid.wire.Tif;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** Every refusal in Hyperliquid's shape and status code; nothing a client sends can produce a 500. */
class ErrorShapesTest extends HyperliquidSimTest {
    private static ObjectNode btcBuy(String px, String sz) {
        return SimHarness.limit(BTC, true, px, sz, Tif.GTC, null);
    }

    private String orderError(ObjectNode action) {
        SimHarness.Answer a = h.exchange(h.alice, action);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().get("status").asText()).isEqualTo("ok");
        return a.json().at("/response/data/statuses/0/error").asText();
    }

    @Test
    void priceOffTheTickIsTheTickErrorAndZeroIsInvalidPrice() {
        assertThat(orderError(btcBuy("59000.5", "0.001"))).isEqualTo("Price must be divisible by tick size. asset=0");
        assertThat(orderError(btcBuy("0", "0.001"))).isEqualTo("Order has invalid price. asset=0");
    }

    @Test
    void sizeOffTheLotIsInvalidSize() {
        assertThat(orderError(btcBuy("59000", "0.000001"))).isEqualTo("Order has invalid size. asset=0");
        assertThat(orderError(btcBuy("59000", "-1"))).isEqualTo("Order has invalid size. asset=0");
    }

    @Test
    void unknownAssetIsRefusedPerOrder() {
        assertThat(orderError(SimHarness.limit(99, true, "59000", "0.001", Tif.GTC, null)))
                .isEqualTo("Order has invalid asset. asset=99");
    }

    @Test
    void tinyOrderIsBelowTheMinimumValue() {
        assertThat(orderError(btcBuy("59000", "0.0001"))).isEqualTo("Order must have minimum value of $10. asset=0");
    }

    @Test
    void reusedNonceIsRefused() {
        long nonce = h.nextNonce();
        assertThat(h.exchange(h.alice, btcBuy("59000", "0.001"), nonce).json().get("status").asText()).isEqualTo("ok");
        SimHarness.Answer again = h.exchange(h.alice, btcBuy("58000", "0.001"), nonce);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().toString()).isEqualTo(
                "{\"status\":\"err\",\"response\":\"Invalid nonce: duplicate nonce " + nonce + "\"}");
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size()).isEqualTo(1);
    }

    @Test
    void nonceOutsideTheWindowIsRefused() {
        long twoDaysAgo = SimHarness.T0 - ExchangeApi.NONCE_PAST_MS;
        JsonNode stale = h.exchange(h.alice, btcBuy("59000", "0.001"), twoDaysAgo).json();
        assertThat(stale.get("status").asText()).isEqualTo("err");
        assertThat(stale.get("response").asText()).startsWith("Invalid nonce: nonce too low " + twoDaysAgo);
        JsonNode future = h.exchange(h.alice, btcBuy("59000", "0.001"), SimHarness.T0 + ExchangeApi.NONCE_FUTURE_MS)
                .json();
        assertThat(future.get("response").asText()).startsWith("Invalid nonce: nonce too high");
    }

    @Test
    void onlyTheHundredHighestNoncesCount() {
        long base = h.nextNonce() + 1000;
        for (int i = 0; i < HyperliquidStore.NONCES_KEPT; i++) {
            h.sim().store().useNonce(h.alice(), base + i);
        }
        JsonNode low = h.exchange(h.alice, btcBuy("59000", "0.001"), base - 1).json();
        assertThat(low.get("response").asText()).isEqualTo("Invalid nonce: nonce too low " + (base - 1) + " < " + base);
    }

    @Test
    void signatureThatRecoversNoKeyIsUnableToRecoverSigner() {
        ObjectNode action = btcBuy("59000", "0.001");
        long nonce = h.nextNonce();
        L1Action l1 = new L1Action(action, nonce);
        Signature unrecoverable = null;
        for (int r = 1; r < 100 && unrecoverable == null; r++) {
            Signature candidate = new Signature(BigInteger.valueOf(r), BigInteger.ONE, 27);
            if (L1Verifier.recover(l1, Network.TESTNET, candidate).isEmpty()) {
                unrecoverable = candidate;
            }
        }
        assertThat(unrecoverable).isNotNull();
        SimHarness.Answer a = h.post("/exchange", Json.write(l1.requestBody(unrecoverable)));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.json().toString()).isEqualTo("{\"status\":\"err\",\"response\":\"Unable to recover signer.\"}");
    }

    @Test
    void tamperedActionNeverActsForTheSigner() {
        long nonce = h.nextNonce();
        L1Action signed = new L1Action(btcBuy("59000", "0.001"), nonce);
        Signature sig = h.alice.sign(signed);
        ObjectNode body = new L1Action(btcBuy("59000", "0.002"), nonce).requestBody(sig);
        h.post("/exchange", Json.write(body));
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size()).isZero();
    }

    @Test
    void signatureWithShortROrSIsAccepted() {
        ObjectNode action = btcBuy("59000", "0.001");
        L1Action l1 = new L1Action(action, h.nextNonce());
        Signature sig = h.alice.sign(l1);
        ObjectNode body = l1.requestBody(sig);
        ObjectNode s = (ObjectNode) body.get("signature");
        s.put("r", "0x" + sig.r().toString(16));
        s.put("s", "0x" + sig.s().toString(16));
        assertThat(h.post("/exchange", Json.write(body)).json().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void malformedSignatureIsUnprocessable() {
        ObjectNode body = new L1Action(btcBuy("59000", "0.001"), h.nextNonce()).requestBody(
                h.alice.sign(new L1Action(btcBuy("59000", "0.001"), 1)));
        ((ObjectNode) body.get("signature")).put("v", 29);
        SimHarness.Answer a = h.post("/exchange", Json.write(body));
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body()).startsWith("Failed to deserialize the JSON body into the target type");
    }

    @Test
    void malformedJsonIsBadRequestAsPlainText() {
        SimHarness.Answer exchange = h.post("/exchange", "{not json");
        assertThat(exchange.status()).isEqualTo(400);
        assertThat(exchange.body()).startsWith("Failed to parse the request body as JSON");
        SimHarness.Answer info = h.post("/info", "");
        assertThat(info.status()).isEqualTo(400);
    }

    @Test
    void wrongShapesAreUnprocessable() {
        assertThat(h.post("/info", "{\"type\":\"nope\"}").status()).isEqualTo(422);
        assertThat(h.post("/info", "{\"type\":\"clearinghouseState\"}").status()).isEqualTo(422);
        assertThat(h.post("/info", "{\"type\":\"clearinghouseState\",\"user\":\"alice\"}").status()).isEqualTo(422);
        assertThat(h.post("/exchange", "{\"action\":{\"type\":\"order\"},\"nonce\":1}").status()).isEqualTo(422);
        assertThat(h.post("/exchange", "[1,2,3]").status()).isEqualTo(422);
    }

    @Test
    void noBodyEverProducesAServerError() {
        String[] bodies = {"", "null", "0", "\"x\"", "[]", "{}", "{\"type\":null}", "{\"type\":\"orderStatus\",\"user\":"
                + "\"0x0000000000000000000000000000000000000001\",\"oid\":\"0xzz\"}",
                "{\"type\":\"candleSnapshot\",\"req\":{\"coin\":\"BTC\",\"interval\":\"7m\",\"startTime\":0}}",
                "{\"action\":{\"type\":\"order\",\"orders\":[{\"a\":0}],\"grouping\":\"na\"},\"nonce\":1,"
                        + "\"signature\":{\"r\":\"0x1\",\"s\":\"0x1\",\"v\":27}}",
                "{\"action\":{\"type\":\"cancel\",\"cancels\":\"x\"},\"nonce\":-5,\"signature\":{}}",
                "{\"action\":[],\"nonce\":\"x\",\"signature\":null}"};
        for (String body : bodies) {
            assertThat(h.post("/info", body).status()).as("info %s", body).isLessThan(500);
            assertThat(h.post("/exchange", body).status()).as("exchange %s", body).isLessThan(500);
        }
    }

    @Test
    void requestWithoutJsonContentTypeIsUnsupportedMediaType() throws Exception {
        var r = h.http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(h.url("/info")))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"meta\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(415);
    }
}
