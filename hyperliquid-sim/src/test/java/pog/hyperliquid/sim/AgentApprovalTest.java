package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import pog.common.json.Json;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.wire.Tif;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/** approveAgent as the Python SDK sends it: afterwards the agent's orders land in the master's account. */
class AgentApprovalTest extends HyperliquidSimTest {
    static final String AGENT_KEY = "0x" + "11".repeat(32);

    final L1Signer agent = new L1Signer(PrivateKey.fromHex(AGENT_KEY), Network.TESTNET);

    private ObjectNode approveAction(long nonce, String name) {
        ObjectNode a = Json.mapper().createObjectNode();
        a.put("type", "approveAgent");
        a.put("agentAddress", agent.signerAddress().toString());
        if (name != null) {
            a.put("agentName", name);
        }
        a.put("nonce", nonce);
        a.put("signatureChainId", "0x66eee");
        a.put("hyperliquidChain", "Testnet");
        return a;
    }

    @Test
    void digestMatchesWeb3jsEip712Encoder() throws Exception {
        long nonce = SimHarness.T0 + 5;
        String typed = "{\"types\":{\"EIP712Domain\":[{\"name\":\"name\",\"type\":\"string\"},{\"name\":\"version\","
                + "\"type\":\"string\"},{\"name\":\"chainId\",\"type\":\"uint256\"},{\"name\":\"verifyingContract\","
                + "\"type\":\"address\"}],\"HyperliquidTransaction:ApproveAgent\":[{\"name\":\"hyperliquidChain\","
                + "\"type\":\"string\"},{\"name\":\"agentAddress\",\"type\":\"address\"},{\"name\":\"agentName\","
                + "\"type\":\"string\"},{\"name\":\"nonce\",\"type\":\"uint64\"}]},\"primaryType\":"
                + "\"HyperliquidTransaction:ApproveAgent\",\"domain\":{\"name\":\"HyperliquidSignTransaction\","
                + "\"version\":\"1\",\"chainId\":421614,\"verifyingContract\":"
                + "\"0x0000000000000000000000000000000000000000\"},\"message\":{\"hyperliquidChain\":\"Testnet\","
                + "\"agentAddress\":\"" + agent.signerAddress() + "\",\"agentName\":\"bot\",\"nonce\":" + nonce + "}}";
        byte[] expected = new StructuredDataEncoder(typed).hashStructuredData();
        assertThat(ApproveAgent.parse(approveAction(nonce, "bot")).digest()).isEqualTo(expected);
    }

    private SimHarness.Answer approve(String name) {
        long nonce = h.nextNonce();
        ObjectNode signed = approveAction(nonce, name == null ? "" : name);
        byte[] digest = ApproveAgent.parse(signed).digest();
        Sign.SignatureData sig = Sign.signMessage(digest, ECKeyPair.create(new BigInteger(SimHarness.KEY_A.substring(2),
                16)), false);
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("action", approveAction(nonce, name));
        body.put("nonce", nonce);
        ObjectNode s = body.putObject("signature");
        s.put("r", "0x" + new BigInteger(1, sig.getR()).toString(16));
        s.put("s", "0x" + new BigInteger(1, sig.getS()).toString(16));
        s.put("v", sig.getV()[0] & 0xff);
        body.putNull("vaultAddress");
        body.putNull("expiresAfter");
        return h.post("/exchange", Json.write(body));
    }

    @Test
    void approvedAgentTradesForItsMaster() {
        assertThat(approve("bot").json().toString()).isEqualTo("{\"status\":\"ok\",\"response\":{\"type\":\"default\"}}");

        JsonNode r = h.ok(agent, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, "by-agent"));
        assertThat(r.at("/response/data/statuses/0/resting/oid").isIntegralNumber()).isTrue();
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size()).isEqualTo(1);
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + agent.signerAddress() + "\"}").size()).isZero();
    }

    @Test
    void unnamedAgentIsSignedWithAnEmptyName() {
        assertThat(approve(null).json().get("status").asText()).isEqualTo("ok");
        h.ok(agent, SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, null));
        assertThat(h.info("{\"type\":\"openOrders\",\"user\":\"" + h.alice() + "\"}").size()).isEqualTo(1);
    }
}
