package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pog exchange-sim --record} with no client connected, then {@code pog replay} on what it recorded, twice:
 * the same trades and numbers both times.
 */
class RecordReplayIT {
    @TempDir
    Path work;


    private static long btcMarks(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return Files.readAllLines(file).stream().filter(l -> l.contains("\"symbol\":\"BTC\"")).count();
    }

    @Test
    void aRecordedSimulatorRunReplaysToTheSameTradesTwice() throws Exception {
        Path recording = work.resolve("marks.jsonl");
        Files.writeString(work.resolve("sim.yaml"), "tickMillis: 20\n");
        try (PogProcess sim = PogProcess.start(work, "sim", List.of("exchange-sim", "--venue", "hyperliquid",
                "--config", "sim.yaml", "--port", Integer.toString(Ports.free()), "--data-dir", "sim",
                "--record", recording.toString()))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> btcMarks(recording) >= 400);
            sim.term();
            assertThat(sim.waitFor(Duration.ofSeconds(30))).isZero();
        }
        JsonNode line = Json.mapper().readTree(Files.readAllLines(recording).get(0));
        assertThat(line.path("type").asText()).isEqualTo("mark");
        assertThat(line.path("time").canConvertToLong()).isTrue();
        assertThat(line.path("price").isTextual()).isTrue();

        Path config = work.resolve("trader.yaml");
        Files.writeString(config, """
                service: replay
                loopMillis: 50
                venue: {type: paper}
                strategy: {symbols: [BTC], barMillis: 50, fastPeriod: 2, slowPeriod: 5, minSpreadBps: 0}
                risk: {riskPerTrade: 0.01, stopDistance: 0.002}
                """);
        List<String> args = List.of("replay", "--config", config.toString(), "--data", recording.toString());
        String[] outs = new String[2];
        for (int i = 0; i < 2; i++) {
            try (PogProcess replay = PogProcess.start(work, "replay-" + i, args)) {
                assertThat(replay.waitFor(Duration.ofSeconds(120))).as(replay.stderr()).isZero();
                outs[i] = replay.stdout();
            }
        }
        assertThat(outs[0]).contains("trades:", " entry", "summary:", "protection:");
        assertThat(outs[1]).isEqualTo(outs[0]);
    }
}
