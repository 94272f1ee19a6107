package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import pog.common.json.Json;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.Signature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The requests the public SDKs send, byte for byte in their own key order and spacing (read from
 * hyperliquid-python-sdk's info.py / exchange.py / signing.py and @nktkas/hyperliquid's request schemas), are
 * accepted. PyPI and npm runtimes are not available here, so the SDKs' shapes are pinned as fixtures instead and
 * signed with our own signing code, in the SDKs' envelope: Python writes r and s without leading zeros and sends
 * {@code vaultAddress} and {@code expiresAfter} as null; the TypeScript SDK sends only action, signature, nonce.
 */
class SdkRequestShapesTest extends HyperliquidSimTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = SdkRequestShapesTest.class.getResourceAsStream("/sim/sdk/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Python's json.dumps: ", " and ": " separators. */
    private static String pythonDumps(JsonNode node) {
        return Json.write(node).replace("\",\"", "\", \"").replace("\":", "\": ").replace(",{", ", {")
                .replace(",\"", ", \"");
    }

    private void runActions(boolean pythonEnvelope) throws IOException {
        JsonNode actions = Json.mapper().readTree(resource("python-exchange-actions.json"));
        for (JsonNode step : actions) {
            ObjectNode action = (ObjectNode) step.get("action");
            long nonce = h.nextNonce();
            L1Action l1 = new L1Action(action, nonce);
            Signature sig = h.alice.sign(l1);
            String body;
            if (pythonEnvelope) {
                ObjectNode envelope = Json.mapper().createObjectNode();
                envelope.set("action", action);
                envelope.put("nonce", nonce);
                ObjectNode s = envelope.putObject("signature");
                s.put("r", "0x" + sig.r().toString(16));
                s.put("s", "0x" + sig.s().toString(16));
                s.put("v", sig.v());
                envelope.putNull("vaultAddress");
                envelope.putNull("expiresAfter");
                body = pythonDumps(envelope);
            } else {
                ObjectNode envelope = Json.mapper().createObjectNode();
                envelope.set("action", action);
                envelope.set("signature", sig.toJson());
                envelope.put("nonce", nonce);
                body = Json.write(envelope);
            }
            SimHarness.Answer a = h.post("/exchange", body);
            String name = step.get("name").asText();
            assertThat(a.status()).as(name).isEqualTo(200);
            JsonNode r = a.json();
            assertThat(r.get("status").asText()).as(name + ": " + r).isEqualTo("ok");
            switch (step.get("expect").asText()) {
                case "resting" -> assertThat(r.at("/response/data/statuses/0/resting/oid").isIntegralNumber())
                        .as(name + ": " + r).isTrue();
                case "filled" -> assertThat(r.at("/response/data/statuses/0/filled/totalSz").asText())
                        .as(name + ": " + r).isNotEmpty();
                case "success" -> assertThat(r.at("/response/data/statuses/0").asText()).as(name + ": " + r)
                        .isEqualTo("success");
                default -> assertThat(r.at("/response/type").asText()).as(name + ": " + r).isEqualTo("default");
            }
        }
    }

    @Test
    void pythonSdkActionsAreAcceptedInItsEnvelope() throws IOException {
        runActions(true);
    }

    @Test
    void typescriptSdkEnvelopeIsAccepted() throws IOException {
        runActions(false);
    }

    private void runInfo(String file) throws IOException {
        h.ok(h.alice, SimHarness.limit(SimHarness.BTC, true, "61000", "0.001", pog.hyperliquid.wire.Tif.IOC, null));
        String user = h.alice();
        String text = resource(file).replace("${user}", user)
                .replace("${USER}", "0x" + user.substring(2).toUpperCase());
        for (JsonNode request : Json.mapper().readTree(text)) {
            String body = file.startsWith("python") ? pythonDumps(request) : Json.write(request);
            SimHarness.Answer a = h.post("/info", body);
            assertThat(a.status()).as(body + " -> " + a.body()).isEqualTo(200);
            assertThat(a.body()).as(body).isNotEqualTo("null");
        }
    }

    @Test
    void pythonSdkInfoRequestsAreAnswered() throws IOException {
        runInfo("python-info-requests.json");
    }

    @Test
    void typescriptSdkInfoRequestsAreAnswered() throws IOException {
        runInfo("ts-info-requests.json");
    }
}
