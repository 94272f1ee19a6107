package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The Python SDK's own vectors: vault addresses, cloids, and r/s printed without leading zeros. */
class PythonSdkVectorsTest {
    private static final PrivateKey KEY =
            PrivateKey.fromHex("0x0123456789012345678901234567890123456789012345678901234567890123");
    private static JsonNode vectors;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = PythonSdkVectorsTest.class.getResourceAsStream("/vectors/python-sdk-l1-signing.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void someVectorsHaveShortHex() {
        long shortOnes = cases().filter(c -> c.get("signature").get("r").asText().length() < 66
                || c.get("signature").get("s").asText().length() < 66).count();
        assertThat(shortOnes).isGreaterThanOrEqualTo(3);
    }

    @TestFactory
    Stream<DynamicTest> weSignTheSameAndWritePaddedHex() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            Signature expected = Signature.fromJson(c.get("signature"));
            Signature actual = new L1Signer(KEY, network(c)).sign(action(c));
            assertThat(actual).isEqualTo(expected);
            assertThat(actual.rHex()).hasSize(66);
            assertThat(actual.sHex()).hasSize(66);
        }));
    }

    @TestFactory
    Stream<DynamicTest> theirShortHexVerifies() {
        return cases().map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () ->
                assertThat(L1Verifier.verify(action(c), network(c), Signature.fromJson(c.get("signature")),
                        KEY.address())).isTrue()));
    }

    private static Stream<JsonNode> cases() {
        List<JsonNode> list = new ArrayList<>();
        vectors.get("cases").forEach(list::add);
        return list.stream();
    }

    private static L1Action action(JsonNode c) {
        Address vault = c.hasNonNull("vault") ? Address.of(c.get("vault").asText()) : null;
        return new L1Action(c.get("action"), c.get("nonce").asLong(), vault, null);
    }

    private static Network network(JsonNode c) {
        return Network.of(c.get("testnet").asBoolean());
    }
}
