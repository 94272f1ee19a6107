package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Sign;
import pog.common.json.Json;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.L1Verifier;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.wire.Tif;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.hyperliquid.sim.SimHarness.BTC;

/**
 * Accounts exist only when provisioned, and a signature is checked over the action as the venue rebuilds it: every
 * way a bot author's signature goes wrong on mainnet (wrong network, sloppy payload, replaced or expired agent,
 * unfunded key) gets the venue's answer here, and nothing runs.
 */
class AccountsAndSignaturesTest extends HyperliquidSimTest {
    static final String STRANGER_KEY = "0x" + "22".repeat(32);
    static final String AGENT1_KEY = "0x" + "33".repeat(32);
    static final String AGENT2_KEY = "0x" + "44".repeat(32);

    final L1Signer stranger = new L1Signer(PrivateKey.fromHex(STRANGER_KEY), Network.TESTNET);
    final L1Signer agent1 = new L1Signer(PrivateKey.fromHex(AGENT1_KEY), Network.TESTNET);
    final L1Signer agent2 = new L1Signer(PrivateKey.fromHex(AGENT2_KEY), Network.TESTNET);

    private static String unknownWallet(String address) {
        return "{\"status\":\"err\",\"response\":\"User or API Wallet " + address + " does not exist.\"}";
    }

    private JsonNode state(String user) {
        return h.info("{\"type\":\"clearinghouseState\",\"user\":\"" + user + "\"}");
    }

    private int openOrders(String user) {
        return h.info("{\"type\":\"openOrders\",\"user\":\"" + user + "\"}").size();
    }

    private static ObjectNode restingBuy(String cloid) {
        return SimHarness.limit(BTC, true, "59000", "0.001", Tif.GTC, cloid);
    }

    @Test
    void anUnknownSignerGetsTheVenuesErrorAndNoAccountComesToBe() {
        String address = stranger.signerAddress().toString();
        SimHarness.Answer a = h.exchange(stranger, restingBuy(null));
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).isEqualTo(unknownWallet(address));

        // Reads about it answer zeros and create nothing: it is still no account afterwards.
        JsonNode s = state(address);
        assertThat(s.at("/marginSummary/accountValue").asText()).isEqualTo("0.0");
        assertThat(s.get("withdrawable").asText()).isEqualTo("0.0");
        assertThat(s.get("assetPositions")).isEmpty();
        assertThat(openOrders(address)).isZero();
        assertThat(h.exchange(stranger, restingBuy(null)).body()).isEqualTo(unknownWallet(address));
    }

    @Test
    void fundingThroughTheAdminRouteMakesTheAddressAnAccount() {
        String address = stranger.signerAddress().toString();
        SimHarness.Answer funded = h.post("/admin/fund", "{\"user\":\"" + address.toUpperCase().replace("0X", "0x")
                + "\",\"usd\":\"2500\"}");
        assertThat(funded.status()).isEqualTo(200);
        assertThat(funded.json().get("balance").asText()).isEqualTo("2500.0");
        assertThat(state(address).at("/marginSummary/accountValue").asText()).isEqualTo("2500.0");
        assertThat(h.ok(stranger, restingBuy(null)).at("/response/data/statuses/0/resting/oid").isIntegralNumber())
                .isTrue();
        assertThat(h.post("/admin/fund", "{\"user\":\"0x12\",\"usd\":\"1\"}").status()).isEqualTo(400);
        assertThat(h.post("/admin/fund", "{\"user\":\"" + address + "\",\"usd\":\"-1\"}").status()).isEqualTo(400);
    }

    @Test
    void aSignatureForTheOtherNetworkRecoversAnotherAddressAndPlacesNothing() {
        L1Signer aliceOnMainnet = new L1Signer(PrivateKey.fromHex(SimHarness.KEY_A), Network.MAINNET);
        ObjectNode action = restingBuy(null);
        long nonce = h.nextNonce();
        L1Action l1 = new L1Action(action, nonce);
        var signature = aliceOnMainnet.sign(l1);
        Address recovered = L1Verifier.recover(l1, Network.TESTNET, signature).orElseThrow();
        assertThat(recovered.toString()).isNotEqualTo(h.alice());

        SimHarness.Answer a = h.post("/exchange", Json.write(l1.requestBody(signature)));
        assertThat(a.body()).isEqualTo(unknownWallet(recovered.toString()));
        assertThat(openOrders(h.alice())).isZero();
        assertThat(openOrders(recovered.toString())).isZero();
    }

    /** Signs exactly the JSON given (as a sloppy hand-written signer would) and posts it. */
    private SimHarness.Answer signedAsSent(String actionJson) {
        try {
            ObjectNode action = (ObjectNode) Json.mapper().readTree(actionJson);
            L1Action l1 = new L1Action(action, h.nextNonce());
            return h.post("/exchange", Json.write(l1.requestBody(h.alice.sign(l1))));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPayloadTheVenueWouldHashDifferentlyFailsAsOnMainnet() {
        String canonical = "{\"type\":\"order\",\"orders\":[{\"a\":0,\"b\":true,\"p\":\"30000\",\"s\":\"0.001\","
                + "\"r\":false,\"t\":{\"limit\":{\"tif\":\"Gtc\"}}}],\"grouping\":\"na\"}";
        assertThat(signedAsSent(canonical).json().get("status").asText()).isEqualTo("ok");

        String trailingZeros = canonical.replace("\"30000\"", "\"30000.0\"").replace("\"0.001\"", "\"0.0010\"");
        String reordered = "{\"type\":\"order\",\"grouping\":\"na\",\"orders\":[{\"b\":true,\"a\":0,\"p\":\"30000\","
                + "\"s\":\"0.001\",\"r\":false,\"t\":{\"limit\":{\"tif\":\"Gtc\"}}}]}";
        String upperCloid = canonical.replace("}}}]", "}},\"c\":\"0xABCDEF0123456789ABCDEF0123456789\"}]");
        for (String sloppy : new String[]{trailingZeros, reordered, upperCloid}) {
            JsonNode answer = signedAsSent(sloppy).json();
            assertThat(answer.get("status").asText()).as(sloppy).isEqualTo("err");
            assertThat(answer.get("response").asText()).as(sloppy).startsWith("User or API Wallet 0x")
                    .endsWith(" does not exist.").doesNotContain(h.alice());
        }
        assertThat(openOrders(h.alice())).isEqualTo(1);
    }

    @Test
    void aVaultAddressThatIsNotTheSignersIsRefused() {
        ObjectNode action = restingBuy(null);
        Address vault = Address.of("0x" + "c3".repeat(20));
        L1Action l1 = new L1Action(action, h.nextNonce(), vault, null);
        SimHarness.Answer a = h.post("/exchange", Json.write(l1.requestBody(h.alice.sign(l1))));
        assertThat(a.body()).isEqualTo("{\"status\":\"err\",\"response\":\"Vault not registered: " + vault + "\"}");
        assertThat(openOrders(h.alice())).isZero();
        assertThat(openOrders(vault.toString())).isZero();
    }

    private SimHarness.Answer approve(String masterKey, L1Signer agent, String name) {
        long nonce = h.nextNonce();
        ObjectNode action = Json.mapper().createObjectNode();
        action.put("type", "approveAgent");
        action.put("signatureChainId", "0x66eee");
        action.put("hyperliquidChain", "Testnet");
        action.put("agentAddress", agent.signerAddress().toString());
        action.put("agentName", name);
        action.put("nonce", nonce);
        byte[] digest = ApproveAgent.parse(action).digest();
        Sign.SignatureData sig = Sign.signMessage(digest, ECKeyPair.create(new BigInteger(masterKey.substring(2), 16)),
                false);
        ObjectNode body = Json.mapper().createObjectNode();
        body.set("action", action);
        body.put("nonce", nonce);
        ObjectNode s = body.putObject("signature");
        s.put("r", "0x" + new BigInteger(1, sig.getR()).toString(16));
        s.put("s", "0x" + new BigInteger(1, sig.getS()).toString(16));
        s.put("v", sig.getV()[0] & 0xff);
        body.putNull("vaultAddress");
        return h.post("/exchange", Json.write(body));
    }

    @Test
    void anUnfundedUserCannotApproveAnAgent() {
        SimHarness.Answer a = approve(STRANGER_KEY, agent1, "");
        assertThat(a.body()).isEqualTo("{\"status\":\"err\",\"response\":\"Must deposit before performing actions. "
                + "User: " + stranger.signerAddress() + "\"}");
        assertThat(h.exchange(agent1, restingBuy(null)).body())
                .isEqualTo(unknownWallet(agent1.signerAddress().toString()));
    }

    @Test
    void aNewUnnamedAgentReplacesTheOldOneWhoseSignaturesThenNameAnUnknownWallet() {
        assertThat(approve(SimHarness.KEY_A, agent1, "").json().get("status").asText()).isEqualTo("ok");
        h.ok(agent1, restingBuy(null));
        assertThat(approve(SimHarness.KEY_A, agent2, "").json().get("status").asText()).isEqualTo("ok");

        assertThat(h.exchange(agent1, restingBuy(null)).body())
                .isEqualTo(unknownWallet(agent1.signerAddress().toString()));
        h.ok(agent2, restingBuy(null));
        assertThat(openOrders(h.alice())).isEqualTo(2);
    }

    @Test
    void namedAgentsLiveBesideTheUnnamedOneUntilTheirExpiry() {
        long until = SimHarness.T0 + 3_600_000;
        assertThat(approve(SimHarness.KEY_A, agent1, "").json().get("status").asText()).isEqualTo("ok");
        assertThat(approve(SimHarness.KEY_A, agent2, "desk valid_until " + until).json().get("status").asText())
                .isEqualTo("ok");
        h.ok(agent1, restingBuy(null));
        h.ok(agent2, restingBuy(null));

        h.clock.advance(java.time.Duration.ofHours(1).plusMillis(1));
        h.noncesAfter(h.clock.millis());
        assertThat(h.exchange(agent2, restingBuy(null)).body())
                .isEqualTo(unknownWallet(agent2.signerAddress().toString()));
        h.ok(agent1, restingBuy(null));
    }

    @Test
    void theInfoFaucetFundsAnAddressOnlyWhenSwitchedOn() {
        h.close();
        h = new SimHarness(dir.resolve("faucet"), new pog.common.time.ManualClock(SimHarness.T0),
                SimHarness.config().withFaucet("info"));
        String address = stranger.signerAddress().toString();
        assertThat(h.exchange(stranger, restingBuy(null)).body()).isEqualTo(unknownWallet(address));
        assertThat(state(address).at("/marginSummary/accountValue").asText()).isEqualTo("10000.0");
        h.ok(stranger, restingBuy(null));
    }
}
