package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import pog.hyperliquid.signing.KeyLoadException;
import pog.hyperliquid.signing.Signature;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code pog hyperliquid sign} reproduces the published vectors from a 0600 key file and the action as text. */
class SignToolTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everyPublishedVector() throws Exception {
        Path key = keyFile("rw-------");
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : List.of("hyperliquid-l1-signing.json", "python-sdk-l1-signing.json")) {
            for (JsonNode c : vectors(file).get("cases")) {
                tests.add(DynamicTest.dynamicTest(file + " " + c.get("name").asText(), () -> {
                    String printed = SignTool.sign(key, c.get("nonce").asLong(), c.get("testnet").asBoolean(),
                            c.hasNonNull("vault") ? c.get("vault").asText() : null, null,
                            HyperliquidRest.write(c.get("action")));
                    JsonNode out = HyperliquidRest.JSON.readTree(printed);
                    assertThat(printed).startsWith("{\"r\":\"0x").contains("\"s\":\"0x").contains(",\"v\":");
                    assertThat(Signature.fromJson(out)).isEqualTo(Signature.fromJson(c.get("signature")));
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void keyOrderOfTheGivenJsonIsWhatGetsSigned() throws Exception {
        Path key = keyFile("rw-------");
        String a = SignTool.sign(key, 1, false, null, null, "{\"type\":\"dummy\",\"num\":1}");
        String b = SignTool.sign(key, 1, false, null, null, "{\"num\":1,\"type\":\"dummy\"}");
        assertThat(a).isNotEqualTo(b);
        assertThat(SignTool.sign(key, 1, false, null, 5L, "{\"type\":\"dummy\",\"num\":1}")).isNotEqualTo(a);
    }

    @Test
    void printsTheKeysAddress() throws Exception {
        assertThat(SignTool.address(keyFile("rw-------"))).isEqualTo(TestVenues.SIGNER.toString());
    }

    @Test
    void badInputIsOneLineWithoutTheKey() throws Exception {
        Path key = keyFile("rw-------");
        assertThatThrownBy(() -> SignTool.sign(key, 1, false, null, null, "{not json"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("ACTION_JSON is not valid JSON");
        assertThatThrownBy(() -> SignTool.sign(key, 1, false, null, null, "[1]"))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> SignTool.sign(key, 1, false, "0x12", null, "{\"type\":\"x\"}"))
                .hasMessageStartingWith("--vault");
        assertThatThrownBy(() -> SignTool.sign(key, 1, false, null, null, "{\"type\":\"x\",\"px\":1.5}"))
                .hasMessageStartingWith("cannot sign ACTION_JSON");
        Path loose = keyFile("rw-r--r--");
        assertThatThrownBy(() -> SignTool.address(loose)).isInstanceOf(KeyLoadException.class)
                .hasMessageContaining("0644").message().doesNotContain(TestVenues.KEY_DIGITS);
    }

    private Path keyFile(String mode) throws Exception {
        Path file = Files.createTempFile(dir, "hl", ".key");
        Files.writeString(file, TestVenues.KEY_HEX + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static JsonNode vectors(String name) throws Exception {
        try (InputStream in = SignToolTest.class.getResourceAsStream("/vectors/" + name)) {
            return HyperliquidRest.JSON.readTree(in);
        }
    }
}
