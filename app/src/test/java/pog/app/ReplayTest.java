package pog.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pog replay} end to end through the command line, on recorded marks written here. */
class ReplayTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "strategies", "python", "ema_cross.py")
            .toAbsolutePath().normalize();

    @TempDir
    Path dir;

    /** Trending stretches and reversals, one BTC mark a second, in the recorder's format. */
    private Path recording(int marks) throws IOException {
        Random random = new Random(7);
        StringBuilder b = new StringBuilder();
        double px = 60_000;
        double drift = 0.0001;
        long t = 1_800_000_000_000L;
        for (int i = 0; i < marks; i++) {
            if (i % 300 == 0) {
                drift = -drift;
            }
            px *= 1 + drift + random.nextGaussian() * 0.0005;
            b.append("{\"time\":").append(t + i * 1000L).append(",\"type\":\"mark\",\"symbol\":\"BTC\",\"price\":\"")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", px)).append("\"}\n");
        }
        Path file = dir.resolve("marks.jsonl");
        Files.writeString(file, b.toString());
        return file;
    }

    private Path config(String strategy) throws IOException {
        Path file = dir.resolve("trader.yaml");
        Files.writeString(file, """
                service: replay-test
                venue: {type: paper}
                strategy: %s
                risk: {riskPerTrade: 0.01, stopDistance: 0.01}
                """.formatted(strategy));
        return file;
    }

    @Test
    void theEmaStrategyReplaysToTheSameTradesTwiceAllProtected() throws IOException {
        Path data = recording(3000);
        Path cfg = config("{type: ema, symbols: [BTC], fastPeriod: 5, slowPeriod: 20, minSpreadBps: 2}");
        Path report = dir.resolve("report.html");
        CliErrorsTest.Run first = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString(),
                "--report", report.toString());
        CliErrorsTest.Run second = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("trades:", "summary:", "protection:").contains(" entry").contains("(100.00%)");
        assertThat(first.out().lines().filter(l -> l.startsWith("  ")).count()).isGreaterThan(4);
        assertThat(first.out().replace("report: " + report + System.lineSeparator(), "")).isEqualTo(second.out());
        assertThat(Files.readString(report)).contains("<svg", "<polyline", "summary:");
        assertThat(first.err()).contains("bars/s");
    }

    @Test
    void barsFromTradesAreRefusedClearlyRatherThanReplayedWithoutBars() throws IOException {
        Path data = recording(100);
        Path cfg = config("{type: ema, symbols: [BTC], barSource: trades}");
        CliErrorsTest.Run run = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("strategy.barSource trades is not replayed yet");
        assertThat(run.out()).doesNotContain("summary:");
    }

    @Test
    void thePythonExampleReplaysToTheSameTradesTwice() throws IOException {
        Path data = recording(1200);
        Path cfg = config("{type: process, symbols: [BTC], command: [python3, " + EXAMPLE
                + ", --fast, '5', --slow, '20', --min-spread-bps, '2']}");
        CliErrorsTest.Run first = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString());
        CliErrorsTest.Run second = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains(" entry").contains("strategy \"process python3");
        assertThat(first.out()).isEqualTo(second.out());
    }

    @Test
    void aTimeRangeAndBadDataAreSaidPlainly() throws IOException {
        Path data = recording(100);
        Path cfg = config("{type: ema, symbols: [BTC]}");
        CliErrorsTest.Run r = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString(),
                "--from", "2030-01-01T00:00:00Z");
        assertThat(r.code()).isEqualTo(2);
        CliErrorsTest.assertOneCleanLine(r.err());
        assertThat(r.err()).contains("has no marks in the chosen time range");
        Files.writeString(data, "{\"time\":1,\"type\":\"mark\",\"symbol\":\"BTC\",\"price\":\"x\"}\n");
        r = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("line 1: price 'x' is not a number");
    }
}
