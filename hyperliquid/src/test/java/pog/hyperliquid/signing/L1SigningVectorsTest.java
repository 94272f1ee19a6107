package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every case in the published vector file (vectors/hyperliquid-l1-signing.json), byte for byte. */
class L1SigningVectorsTest {
    private static JsonNode vectors;
    private static PrivateKey key;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = L1SigningVectorsTest.class.getResourceAsStream("/vectors/hyperliquid-l1-signing.json")) {
            assertThat(in).as("vector file on the test classpath").isNotNull();
            vectors = new ObjectMapper().readTree(in);
        }
        key = PrivateKey.fromHex(vectors.get("privateKey").asText());
    }

    @Test
    void theFilesKeyDerivesTheFilesAddress() {
        assertThat(key.address()).isEqualTo(Address.of(vectors.get("address").asText()));
        assertThat(key.address().toString()).isEqualTo(vectors.get("address").asText());
    }

    @Test
    void theFileHasCases() {
        assertThat(vectors.get("cases").size()).isGreaterThanOrEqualTo(8);
    }

    @TestFactory
    Stream<DynamicTest> connectionIdMatches() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () ->
                assertThat(Hex.encode0x(action(c).connectionId())).isEqualTo(c.get("connectionId").asText())));
    }

    @TestFactory
    Stream<DynamicTest> signatureMatches() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            Signature sig = new L1Signer(key, network(c)).sign(action(c));
            JsonNode expected = c.get("signature");
            assertThat(sig.rHex()).isEqualTo(expected.get("r").asText());
            assertThat(sig.sHex()).isEqualTo(expected.get("s").asText());
            assertThat(sig.v()).isEqualTo(expected.get("v").asInt());
            assertThat(sig.toJson()).isEqualTo(expected);
        }));
    }

    @TestFactory
    Stream<DynamicTest> recoverReturnsTheKeysAddress() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            Signature sig = Signature.fromJson(c.get("signature"));
            assertThat(L1Verifier.recover(action(c), network(c), sig)).contains(key.address());
            assertThat(L1Verifier.recover(c.get("action"), c.get("nonce").asLong(), null, null,
                    c.get("testnet").asBoolean(), sig)).contains(key.address());
            assertThat(L1Verifier.verify(action(c), network(c), sig, key.address())).isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> shortHexRAndSAreAccepted() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            JsonNode expected = c.get("signature");
            Signature sig = Signature.of(stripLeadingZeros(expected.get("r").asText()),
                    stripLeadingZeros(expected.get("s").asText()), expected.get("v").asInt());
            assertThat(L1Verifier.verify(action(c), network(c), sig, key.address())).isTrue();
        }));
    }

    @TestFactory
    Stream<DynamicTest> tamperingAnyFieldFailsVerification() {
        return cases().flatMap(c -> {
            Signature sig = Signature.fromJson(c.get("signature"));
            L1Action original = action(c);
            List<DynamicTest> tests = new ArrayList<>();
            String name = c.get("name").asText();
            tests.add(DynamicTest.dynamicTest(name + " other nonce", () -> assertThat(L1Verifier.verify(
                    new L1Action(original.action(), original.nonce() + 1), network(c), sig, key.address())).isFalse()));
            tests.add(DynamicTest.dynamicTest(name + " other network", () -> assertThat(L1Verifier.verify(
                    original, network(c) == Network.MAINNET ? Network.TESTNET : Network.MAINNET, sig, key.address()))
                    .isFalse()));
            tests.add(DynamicTest.dynamicTest(name + " with a vault", () -> assertThat(L1Verifier.verify(
                    new L1Action(original.action(), original.nonce(), key.address(), null), network(c), sig,
                    key.address())).isFalse()));
            tests.add(DynamicTest.dynamicTest(name + " with an expiry", () -> assertThat(L1Verifier.verify(
                    new L1Action(original.action(), original.nonce(), null, 1L), network(c), sig,
                    key.address())).isFalse()));
            tests.add(DynamicTest.dynamicTest(name + " extra field", () -> {
                ObjectNode changed = ((ObjectNode) original.action()).deepCopy();
                changed.put("x", 1);
                assertThat(L1Verifier.verify(new L1Action(changed, original.nonce()), network(c), sig,
                        key.address())).isFalse();
            }));
            tests.add(DynamicTest.dynamicTest(name + " other type", () -> {
                ObjectNode changed = ((ObjectNode) original.action()).deepCopy();
                changed.put("type", changed.get("type").asText() + "X");
                assertThat(L1Verifier.verify(new L1Action(changed, original.nonce()), network(c), sig,
                        key.address())).isFalse();
            }));
            tests.add(DynamicTest.dynamicTest(name + " other s", () -> assertThat(L1Verifier.verify(
                    original, network(c), new Signature(sig.r(), sig.s().add(java.math.BigInteger.ONE), sig.v()),
                    key.address())).isFalse()));
            return tests.stream();
        });
    }

    private static Stream<JsonNode> cases() {
        List<JsonNode> list = new ArrayList<>();
        vectors.get("cases").forEach(list::add);
        return list.stream();
    }

    private static L1Action action(JsonNode c) {
        return new L1Action(c.get("action"), c.get("nonce").asLong());
    }

    private static Network network(JsonNode c) {
        return Network.of(c.get("testnet").asBoolean());
    }

    private static String stripLeadingZeros(String hex) {
        String digits = hex.substring(2).replaceFirst("^0+", "");
        return "0x" + digits;
    }
}
