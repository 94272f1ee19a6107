package pog.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    void barsFromTradesReplayFromTheRecordingsTradeLinesTheSameTwice() throws IOException {
        // trades only (no mark lines): several per second, so each 1 s bar has a range and a volume
        Random random = new Random(11);
        StringBuilder b = new StringBuilder();
        double px = 60_000;
        double drift = 0.0002;
        long t = 1_800_000_000_000L;
        for (int i = 0; i < 3000; i++) {
            if (i % 600 == 0) {
                drift = -drift;
            }
            px *= 1 + drift + random.nextGaussian() * 0.0003;
            b.append(String.format(java.util.Locale.ROOT,
                    "{\"time\":%d,\"type\":\"trade\",\"symbol\":\"BTC\",\"price\":\"%.1f\",\"size\":\"0.%03d\"}%n",
                    t + i * 250L, px, 1 + random.nextInt(999)));
        }
        Path data = dir.resolve("trades.jsonl");
        Files.writeString(data, b.toString());
        Path cfg = config("{type: ema, symbols: [BTC], barSource: trades, fastPeriod: 5, slowPeriod: 20, "
                + "minSpreadBps: 2}");
        CliErrorsTest.Run first = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString());
        CliErrorsTest.Run second = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains(" entry").contains("(100.00%)");
        assertThat(first.out()).isEqualTo(second.out());

        // what a strategy is sent: bars from those trades, with their range and volume
        Path bars = dir.resolve("bars.jsonl");
        Path script = dir.resolve("bars.py");
        Files.writeString(script, String.join("\n",
                "import json, sys",
                "for line in sys.stdin:",
                "    m = json.loads(line)",
                "    if m['type'] == 'hello':",
                "        print(json.dumps({'version': 2}), flush=True)",
                "        continue",
                "    if m['type'] == 'bar':",
                "        with open(sys.argv[1], 'a') as f:",
                "            f.write(line)",
                "    print('{}', flush=True)", ""));
        Path recorder = config("{type: process, symbols: [BTC], barSource: trades, command: [python3, " + script
                + ", " + bars + "]}");
        CliErrorsTest.Run recorded = CliErrorsTest.run("replay", "--config", recorder.toString(), "--data",
                data.toString());
        assertThat(recorded.code()).as(recorded.err()).isZero();
        List<String> lines = Files.readAllLines(bars);
        assertThat(lines).hasSizeGreaterThan(600);
        for (String line : lines) {
            com.fasterxml.jackson.databind.JsonNode bar = pog.common.json.Json.mapper().readTree(line);
            assertThat(bar.path("source").asText()).isEqualTo("trades");
            assertThat(bar.path("trades").asInt()).as(line).isBetween(0, 4);
            assertThat(new BigDecimal(bar.path("high").asText())).isGreaterThanOrEqualTo(
                    new BigDecimal(bar.path("low").asText()));
        }
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("\"trades\":4"));
    }

    @Test
    void barsFromTradesOnARecordingWithoutTradesIsRefusedClearly() throws IOException {
        Path data = recording(100);
        Path cfg = config("{type: ema, symbols: [BTC], barSource: trades}");
        CliErrorsTest.Run run = CliErrorsTest.run("replay", "--config", cfg.toString(), "--data", data.toString());
        assertThat(run.code()).isNotZero();
        assertThat(run.err()).contains("strategy.barSource is trades but the data has no trade lines");
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
