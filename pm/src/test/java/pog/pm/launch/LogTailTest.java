package pog.pm.launch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {
    @TempDir
    Path dir;

    @Test
    void shouldReturnThisRunsLastMeaningfulLineSkippingHintsAndStackFrames() throws Exception {
        Path log = dir.resolve("t.log");
        Files.writeString(log, "config error: old run's error\n");
        long from = LogTail.size(log);
        Files.writeString(log, """
                pog: building pog.jar
                \u001B[31mconfig error: config/trader-hl.yaml: venue.keyFile: var/keys/hl.key does not exist\u001B[0m
                java.lang.IllegalStateException: boom
                \tat pog.trader.Main.run(Main.java:10)
                Caused by: java.io.IOException: nope
                \t... 3 more
                Try 'pog trader --help' for more information.

                """, java.nio.file.StandardOpenOption.APPEND);
        assertThat(LogTail.lastLine(log, from, null)).isEqualTo("java.lang.IllegalStateException: boom");
        Files.writeString(log, "config error: a.yaml: port: must be a port\nTry 'pog trader --help' for more information.\n");
        assertThat(LogTail.lastLine(log, 0, null)).isEqualTo("config error: a.yaml: port: must be a port");
    }

    @Test
    void shouldSayNothingWhenThisRunWroteNothingOrThereIsNoLog() throws Exception {
        Path log = dir.resolve("t.log");
        Files.writeString(log, "config error: an earlier run\n");
        assertThat(LogTail.lastLine(log, LogTail.size(log), null)).isNull();
        assertThat(LogTail.lastLine(dir.resolve("missing.log"), 0, null)).isNull();
        assertThat(LogTail.lastLine(null, 0, null)).isNull();
    }

    @Test
    void shouldCapTheLineAndMaskAnythingShapedLikeAKeyOrTheToken() throws Exception {
        Path log = dir.resolve("t.log");
        String key = "0x" + "ab".repeat(32);
        Files.writeString(log, "error: bad key " + key + " token s3cr3t-token-value " + "x".repeat(400) + "\n");
        String line = LogTail.lastLine(log, 0, "s3cr3t-token-value");
        assertThat(line).doesNotContain(key).doesNotContain("s3cr3t-token-value").contains("[redacted]");
        assertThat(line).hasSize(LogTail.MAX_CHARS).endsWith("…");
        assertThat(LogTail.clean("address 0x" + "ab".repeat(20), null)).as("an address is no secret")
                .contains("ab".repeat(20));
    }
}
