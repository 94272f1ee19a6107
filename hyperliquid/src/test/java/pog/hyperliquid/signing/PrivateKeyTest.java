package pog.hyperliquid.signing;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateKeyTest {
    private static final String HEX = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final String DIGITS = HEX.substring(2);
    private static final Address ADDRESS = Address.of("0x14791697260e4c9a71f18484c9f997b308e59325");

    @TempDir
    Path dir;

    @Test
    void toStringShowsTheAddressAndNeverTheKey() {
        PrivateKey key = PrivateKey.fromHex(HEX);
        assertThat(key.toString()).contains(ADDRESS.toString()).contains("redacted").doesNotContain(DIGITS)
                .doesNotContain("0123456789");
        assertThat(TradingAccount.own(key).toString()).doesNotContain("0123456789");
        assertThat(new L1Signer(key, Network.MAINNET).toString()).doesNotContain("0123456789");
    }

    @Test
    void readsAnOwnerOnlyFileWithOrWithoutPrefixAndNewline() throws Exception {
        Path file = keyFile(DIGITS + "\n", "rw-------");
        assertThat(PrivateKey.fromFile(file).address()).isEqualTo(ADDRESS);
        Path readOnly = dir.resolve("ro.key");
        Files.writeString(readOnly, HEX);
        setMode(readOnly, "r--------");
        assertThat(PrivateKey.fromFile(readOnly).address()).isEqualTo(ADDRESS);
    }

    @Test
    void aFileOthersCanReadIsRefusedNamingFileAndModeButNotTheKey() throws Exception {
        Path file = keyFile(HEX, "rw-r--r--");
        assertThatThrownBy(() -> PrivateKey.fromFile(file))
                .isInstanceOf(KeyLoadException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("0644")
                .hasMessageContaining("0600")
                .message().doesNotContain(DIGITS).doesNotContain("0123456789");
        Path groupReadable = keyFile(HEX, "rw-r-----");
        assertThatThrownBy(() -> PrivateKey.fromFile(groupReadable)).hasMessageContaining("0640");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.key");
        assertThatThrownBy(() -> PrivateKey.fromFile(missing))
                .isInstanceOf(KeyLoadException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void aMalformedKeyIsRefusedWithoutQuotingIt() throws Exception {
        String almost = DIGITS.substring(0, 63) + "g";
        Path file = keyFile(almost, "rw-------");
        assertThatThrownBy(() -> PrivateKey.fromFile(file))
                .isInstanceOf(KeyLoadException.class)
                .hasMessageContaining(file.toString())
                .message().doesNotContain("0123456789");
        assertThatThrownBy(() -> PrivateKey.fromHex("0x" + "0".repeat(64)))
                .isInstanceOf(KeyLoadException.class);
        assertThatThrownBy(() -> PrivateKey.fromHex("ff".repeat(32)))
                .isInstanceOf(KeyLoadException.class);
    }

    @Test
    void aDirectoryIsNotAKeyFile() {
        assertThatThrownBy(() -> PrivateKey.fromFile(dir)).hasMessageContaining("not a regular file");
    }

    @Test
    void aKeyPastedAsAnAddressIsNotEchoed() {
        assertThatThrownBy(() -> Address.of(HEX)).message().doesNotContain("0123456789");
    }

    @Test
    void readsFromAnEnvironmentVariable() {
        assertThat(PrivateKey.fromEnv("HL_KEY", Map.of("HL_KEY", HEX)).address()).isEqualTo(ADDRESS);
        assertThatThrownBy(() -> PrivateKey.fromEnv("HL_KEY", Map.of()))
                .isInstanceOf(KeyLoadException.class)
                .hasMessage("environment variable HL_KEY is not set");
        assertThatThrownBy(() -> PrivateKey.fromEnv("HL_KEY", Map.of("HL_KEY", "secret-but-wrong")))
                .hasMessageContaining("HL_KEY")
                .message().doesNotContain("secret-but-wrong");
    }

    private Path keyFile(String content, String mode) throws Exception {
        Path file = Files.createTempFile(dir, "hl", ".key");
        Files.writeString(file, content);
        setMode(file, mode);
        return file;
    }

    private static void setMode(Path file, String mode) throws Exception {
        Assumptions.assumeTrue(file.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    }
}
