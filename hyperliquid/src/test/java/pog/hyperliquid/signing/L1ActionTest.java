package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class L1ActionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrivateKey KEY =
            PrivateKey.fromHex("0x0123456789012345678901234567890123456789012345678901234567890123");

    @Test
    void theRequestBodyRoundTripsThroughTheWireAndStillVerifies() throws Exception {
        JsonNode action = JSON.readTree("{\"type\":\"cancel\",\"cancels\":[{\"a\":3,\"o\":12345678901}]}");
        L1Action sent = new L1Action(action, 1700000000123L,
                Address.of("0x1719884eb866cb12b2287399b15f7db5e7d775ea"), 1700000060000L);
        Signature sig = new L1Signer(KEY, Network.TESTNET).sign(sent);

        String wire = JSON.writeValueAsString(sent.requestBody(sig));
        assertThat(wire).startsWith("{\"action\":{\"type\":\"cancel\",\"cancels\":[{\"a\":3,\"o\":12345678901}]},"
                + "\"nonce\":1700000000123,\"signature\":{\"r\":\"0x");
        assertThat(wire).endsWith(",\"v\":" + sig.v() + "},\"vaultAddress\":\"0x1719884eb866cb12b2287399b15f7db5e7d775ea\","
                + "\"expiresAfter\":1700000060000}");

        JsonNode body = JSON.readTree(wire);
        L1Action received = L1Action.fromRequestBody(body);
        assertThat(received).isEqualTo(sent);
        assertThat(L1Verifier.verify(received, Network.TESTNET, Signature.fromJson(body.get("signature")),
                KEY.address())).isTrue();
    }

    @Test
    void absentVaultAndExpiryAreWrittenAsNull() throws Exception {
        L1Action sent = new L1Action(JSON.readTree("{\"type\":\"scheduleCancel\"}"), 1);
        Signature sig = new L1Signer(KEY, Network.MAINNET).sign(sent);
        JsonNode body = sent.requestBody(sig);
        assertThat(body.get("vaultAddress").isNull()).isTrue();
        assertThat(body.get("expiresAfter").isNull()).isTrue();
        assertThat(L1Action.fromRequestBody(body)).isEqualTo(sent);
    }

    @Test
    void malformedRequestsAreRefused() throws Exception {
        assertThatThrownBy(() -> L1Action.fromRequestBody(JSON.readTree("{\"nonce\":1}")))
                .hasMessageContaining("action");
        assertThatThrownBy(() -> L1Action.fromRequestBody(JSON.readTree("{\"action\":{},\"nonce\":\"1\"}")))
                .hasMessageContaining("nonce");
        assertThatThrownBy(() -> L1Action.fromRequestBody(JSON.readTree(
                "{\"action\":{},\"nonce\":1,\"vaultAddress\":\"0x12\"}"))).hasMessageContaining("address");
    }
}
