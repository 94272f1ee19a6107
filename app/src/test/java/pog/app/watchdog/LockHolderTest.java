package pog.app.watchdog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Who holds PM's lock, read from the lock file without ever taking the lock. */
class LockHolderTest {
    @TempDir
    Path dir;

    private Process sleeper() throws IOException {
        return new ProcessBuilder("sleep", "30").start();
    }

    @Test
    void shouldNameALiveProcessThatWroteTheLockFile() throws Exception {
        Process p = sleeper();
        try {
            Files.writeString(dir.resolve("lock"), p.pid() + "\n");
            assertThat(LockHolder.of(dir).pid()).hasValue(p.pid());
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void shouldIgnoreADeadPidAMissingFileAndGarbage() throws Exception {
        assertThat(LockHolder.of(dir).pid()).isEmpty();
        Process p = sleeper();
        p.destroyForcibly().waitFor();
        Files.writeString(dir.resolve("lock"), p.pid() + "\n");
        assertThat(LockHolder.of(dir).pid()).isEmpty();
        Files.writeString(dir.resolve("lock"), "not a pid");
        assertThat(LockHolder.of(dir).pid()).isEmpty();
    }

    @Test
    void shouldIgnoreAPidReusedByAProcessThatStartedAfterTheFileWasWritten() throws Exception {
        Process p = sleeper();
        try {
            Path lock = dir.resolve("lock");
            Files.writeString(lock, p.pid() + "\n");
            // as after a reboot: the file is older than the process now using that pid
            Files.setLastModifiedTime(lock, FileTime.from(Instant.now().minusSeconds(3600)));
            assertThat(LockHolder.of(dir).pid()).isEmpty();
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
