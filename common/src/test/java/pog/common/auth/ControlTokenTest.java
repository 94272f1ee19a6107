package pog.common.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlTokenTest {
    @TempDir
    Path dir;

    @Test
    void createsOwnerOnlyFileWithStrongTokenAndReusesIt() throws IOException {
        Path file = dir.resolve("var/control.token");
        ControlToken first = ControlToken.resolve(Map.of(), file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(first.reveal()).hasSizeGreaterThanOrEqualTo(43);
        ControlToken second = ControlToken.resolve(Map.of(), file);
        assertThat(second.reveal()).isEqualTo(first.reveal());
    }

    @Test
    void environmentWinsOverFile() throws IOException {
        ControlToken t = ControlToken.resolve(Map.of(ControlToken.ENV, "0123456789abcdef-env"), dir.resolve("t"));
        assertThat(t.matches("0123456789abcdef-env")).isTrue();
        assertThat(Files.exists(dir.resolve("t"))).isFalse();
        assertThat(t.toString()).doesNotContain("0123456789abcdef-env");
    }

    @Test
    void bearerHeaderMustCarryTheExactToken() {
        ControlToken t = ControlToken.of("0123456789abcdef");
        assertThat(t.matchesBearer("Bearer 0123456789abcdef")).isTrue();
        assertThat(t.matchesBearer("Bearer 0123456789abcdeX")).isFalse();
        assertThat(t.matchesBearer("Bearer ")).isFalse();
        assertThat(t.matchesBearer(null)).isFalse();
        assertThat(t.matchesBearer("0123456789abcdef")).isFalse();
    }

    @Test
    void refusesAFileOthersCanRead() throws IOException {
        Path file = dir.resolve("open.token");
        Files.writeString(file, "0123456789abcdef0123");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> ControlToken.resolve(Map.of(), file))
                .hasMessageContaining("chmod 600")
                .hasMessageNotContaining("0123456789abcdef0123");
    }
}
