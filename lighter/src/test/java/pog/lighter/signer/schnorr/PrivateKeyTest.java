package pog.lighter.signer.schnorr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateKeyTest {

    private static final String KEY_HEX = "07000000000000000300000000000000000000000000000000000000000000000000000000000000";
    private static final String PUB_HEX = "48d4615592bf39d71889f5127c7710c36912b733a1f8f32cb9446a7aec4e34461348642d459cbc77";

    @TempDir
    Path dir;

    private Path keyFile(String mode, String content) throws Exception {
        Path f = dir.resolve("lighter.key");
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    @Test
    void toStringShowsThePublicKeyButNeverThePrivateOne() {
        PrivateKey key = PrivateKey.fromHex("0x" + KEY_HEX);
        assertThat(key.toString()).contains("redacted").contains(PUB_HEX).doesNotContain(KEY_HEX);
        assertThat(key.revealHex()).isEqualTo(KEY_HEX);
    }

    @Test
    void loadsFromAnOwnerOnlyFile() throws Exception {
        assertThat(PrivateKey.fromFile(keyFile("rw-------", KEY_HEX + "\n")).publicKeyHex()).isEqualTo(PUB_HEX);
        assertThat(PrivateKey.fromFile(keyFile("r--------", "0x" + KEY_HEX)).publicKeyHex()).isEqualTo(PUB_HEX);
    }

    @Test
    void refusesAFileOthersCanReadNamingFileAndModeButNotTheKey() throws Exception {
        Path f = keyFile("rw-r--r--", KEY_HEX);
        assertThatThrownBy(() -> PrivateKey.fromFile(f))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("0644")
                .hasMessageContaining("chmod 600")
                .message().doesNotContain(KEY_HEX);
        Path g = keyFile("rw----r--", KEY_HEX);
        assertThatThrownBy(() -> PrivateKey.fromFile(g)).hasMessageContaining("0604");
    }

    @Test
    void aMissingOrGarbledFileIsAClearErrorWithoutItsContent() throws Exception {
        assertThatThrownBy(() -> PrivateKey.fromFile(dir.resolve("nope.key")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not exist");
        String garbage = "zz" + KEY_HEX.substring(2);
        Path f = keyFile("rw-------", garbage);
        assertThatThrownBy(() -> PrivateKey.fromFile(f))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not hold a key")
                .message().doesNotContain(garbage);
    }

    @Test
    void loadsFromAnEnvironmentVariable() {
        assertThat(PrivateKey.fromEnv(Map.of("LIGHTER_KEY", KEY_HEX), "LIGHTER_KEY").publicKeyHex()).isEqualTo(PUB_HEX);
        assertThatThrownBy(() -> PrivateKey.fromEnv(Map.of(), "LIGHTER_KEY"))
                .hasMessageContaining("LIGHTER_KEY").hasMessageContaining("not set");
        assertThatThrownBy(() -> PrivateKey.fromEnv(Map.of("LIGHTER_KEY", KEY_HEX + "00"), "LIGHTER_KEY"))
                .hasMessageContaining("LIGHTER_KEY").message().doesNotContain(KEY_HEX);
    }

    @Test
    void generatesIntoANewOwnerOnlyFileAndNeverOverwrites() throws Exception {
        Path f = dir.resolve("new.key");
        PrivateKey key = PrivateKey.generateToFile(f, new SecureRandom());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rw-------");
        assertThat(PrivateKey.fromFile(f).publicKey()).isEqualTo(key.publicKey());
        assertThatThrownBy(() -> PrivateKey.generateToFile(f, new SecureRandom()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already exists");
        assertThat(PrivateKey.fromFile(f).publicKey()).isEqualTo(key.publicKey());
    }

    @Test
    void generatedKeysRoundTripThroughHex() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        assertThat(PrivateKey.fromHex(key.revealHex()).publicKey()).isEqualTo(key.publicKey());
    }
}
