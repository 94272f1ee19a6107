package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The optional ONNX strategy jar, loaded by the real {@code pog} process from the strategies directory: a trader
 * started with {@code strategy: {type: onnx}} finds it and decides with it, and a replay's trades are exactly the
 * ones the model's weights, computed here by hand, call for (and swap sides when the declared action order does).
 *
 * <p>Runs when the jar is built ({@code ./mvnw -B -Ponnx -pl strategy-onnx -am package -DskipTests}, or any build
 * with {@code -Ponnx}); without it the test is skipped, saying so. The default build does not make the jar: ONNX
 * Runtime is a 140 MB download and shading it costs about a minute on two cores.
 */
class OnnxStrategyIT {
    private static final Path MODEL = Path.of("..", "examples", "strategies", "onnx", "tiny-policy.onnx")
            .toAbsolutePath().normalize();
    /** The weights the example model was written with (TinyModel.WEIGHTS): rows return:1, return:5, position. */
    private static final float[][] WEIGHTS = {
            {0f, 40f, -40f},
            {0f, 10f, -10f},
            {0.01f, 0f, 0f},
    };
    private static final long T0 = 1_800_000_000_000L;

    @TempDir
    Path work;
    private Path strategies;

    static Path onnxJar() {
        String p = System.getProperty("pog.onnx.jar");
        return p != null ? Path.of(p) : Path.of("..", "strategy-onnx", "target", "pog-strategy-onnx.jar")
                .toAbsolutePath().normalize();
    }

    @BeforeEach
    void jar() throws IOException {
        Path jar = onnxJar();
        // CI builds with -Ponnx (the jar before this module): there a missing jar is a broken build, not a skip
        assertThat(Files.isRegularFile(jar) || !"true".equals(System.getenv("CI")))
                .as("CI=true: the optional ONNX jar " + jar + " must be built (./mvnw -B -Ponnx verify)").isTrue();
        assumeThat(Files.isRegularFile(jar)).as("the optional ONNX jar " + jar + " is not built; build it with "
                + "./mvnw -B -Ponnx -pl strategy-onnx -am package -DskipTests").isTrue();
        strategies = Files.createDirectories(work.resolve("strategies"));
        Files.createSymbolicLink(strategies.resolve("pog-strategy-onnx.jar"), jar);
    }

    /** One BTC mark a second: flat, a steady rise, a steady fall (whole dollars: on the paper venue's tick). */
    private static List<Long> prices() {
        List<Long> out = new ArrayList<>();
        double px = 60_000;
        for (int i = 0; i < 120; i++) {
            if (i >= 20 && i < 60) {
                px *= 1.0005;
            } else if (i >= 60) {
                px *= 0.9995;
            }
            out.add(Math.round(px));
        }
        return out;
    }

    /** The model by hand: obs [return:1, return:5, sign(position)] x W, argmax over the declared labels. */
    private static String decide(List<Long> p, int i, int position, String[] labels) {
        float[] obs = {
                i < 1 ? 0f : (float) ((double) p.get(i) / p.get(i - 1) - 1.0),
                i < 5 ? 0f : (float) ((double) p.get(i) / p.get(i - 5) - 1.0),
                position};
        int best = 0;
        float[] logits = new float[3];
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 3; r++) {
                logits[c] += obs[r] * WEIGHTS[r][c];
            }
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        return labels[best];
    }

    /**
     * What the trader does with those targets (docs/strategies.md): a target is acted on when it changes; flat and
     * long/short enters, held and the other side or flat exits, a mark through the stop stops it out. Lines as
     * replay prints them: time, side, purpose.
     */
    private static List<String> expectedTrades(List<Long> p, String[] labels) {
        List<String> out = new ArrayList<>();
        int position = 0;
        double stop = 0;
        String last = null;
        for (int i = 0; i < p.size(); i++) {
            String time = Instant.ofEpochMilli(T0 + i * 1000L).toString();
            // the stop rests risk.stopDistance (0.5%) from the entry; a mark through it fills it before the bar
            if (position > 0 && p.get(i) <= stop || position < 0 && p.get(i) >= stop) {
                out.add(time + " " + (position > 0 ? "SELL" : "BUY") + " stop");
                position = 0;
            }
            String target = decide(p, i, position, labels);
            String previous = last;
            last = target;
            if (target.equals(previous)) {
                continue;
            }
            if (position != 0) {
                boolean against = target.equals("flat") || (target.equals("long") != (position > 0));
                if (against) {
                    out.add(time + " " + (position > 0 ? "SELL" : "BUY") + " exit");
                    position = 0;
                }
            } else if (!target.equals("flat")) {
                out.add(time + " " + (target.equals("long") ? "BUY" : "SELL") + " entry");
                position = target.equals("long") ? 1 : -1;
                stop = p.get(i) * (position > 0 ? 0.995 : 1.005);
            }
        }
        return out;
    }

    private Path data() throws IOException {
        StringBuilder b = new StringBuilder();
        List<Long> p = prices();
        for (int i = 0; i < p.size(); i++) {
            b.append(String.format(Locale.ROOT, "{\"time\":%d,\"type\":\"mark\",\"symbol\":\"BTC\",\"price\":\"%d\"}%n",
                    T0 + i * 1000L, p.get(i)));
        }
        Path file = work.resolve("marks.jsonl");
        Files.writeString(file, b.toString());
        return file;
    }

    private Path config(String name, String action, int port) throws IOException {
        Path file = work.resolve(name + ".yaml");
        Files.writeString(file, """
                service: %s
                port: %d
                dataDir: %s-data
                loopMillis: 1000
                venue: {type: paper, account: %s}
                strategy:
                  type: onnx
                  dir: %s
                  model: %s
                  observation: [return:1, return:5, position]
                  action: %s
                  symbols: [BTC]
                  barMillis: 1000
                risk: {riskPerTrade: 0.01, stopDistance: 0.005}
                """.formatted(name, port, name, name, strategies, MODEL, action));
        return file;
    }

    private static List<String> trades(String replayOut) {
        List<String> out = new ArrayList<>();
        for (String line : replayOut.lines().toList()) {
            // "  2027-01-15T08:00:21Z BTC BUY  0.0332 @ 60030 fee 0.60 pnl 0.00 entry"
            String[] f = line.trim().split("\\s+");
            if (line.startsWith("  ") && f.length >= 11 && f[1].equals("BTC")) {
                out.add(f[0] + " " + f[2] + " " + f[f.length - 1]);
            }
        }
        return out;
    }

    @Test
    void aReplaysTradesAreTheOnesTheModelsWeightsCallFor() throws Exception {
        Path data = data();
        String[] labels = {"flat", "long", "short"};
        List<String> expected = expectedTrades(prices(), labels);
        // the path is built so that the model enters on the rise and leaves on the fall: a test that can fail
        assertThat(expected).hasSizeGreaterThanOrEqualTo(2);
        assertThat(expected.get(0)).endsWith("BUY entry");

        try (PogProcess replay = PogProcess.start(work, "replay", List.of("replay", "--config",
                config("onnx-replay", "argmax:flat,long,short", 0).toString(), "--data", data.toString()))) {
            assertThat(replay.waitFor(Duration.ofSeconds(120))).as(replay.stderr()).isZero();
            assertThat(replay.stdout()).contains("strategy \"onnx tiny-policy.onnx\"");
            assertThat(trades(replay.stdout())).as(replay.stdout()).isEqualTo(expected);
        }

        // the same weights read through the other label order: every side the other way round
        String[] swapped = {"flat", "short", "long"};
        List<String> expectedSwapped = expectedTrades(prices(), swapped);
        assertThat(expectedSwapped.get(0)).endsWith("SELL entry");
        try (PogProcess replay = PogProcess.start(work, "replay-swapped", List.of("replay", "--config",
                config("onnx-swapped", "argmax:flat,short,long", 0).toString(), "--data", data.toString()))) {
            assertThat(replay.waitFor(Duration.ofSeconds(120))).as(replay.stderr()).isZero();
            assertThat(trades(replay.stdout())).as(replay.stdout()).isEqualTo(expectedSwapped);
        }
    }

    @Test
    void aTraderConfiguredWithTypeOnnxFindsTheJarAndDecidesWithIt() throws Exception {
        Path config = config("trader-onnx", "argmax:flat,long,short", 0);
        try (PogProcess trader = PogProcess.start(work, "trader", List.of("trader", "--config", config.toString()))) {
            String base = "http://127.0.0.1:" + PogProcess.awaitPort(work.resolve("trader-onnx-data"), trader);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                    Http.get(base + "/api/health").json().at("/checks/strategy/ok").asBoolean());
            JsonNode health = Http.get(base + "/api/health").json();
            assertThat(health.path("strategy").asText()).isEqualTo("onnx tiny-policy.onnx");
            String log = Files.readString(work.resolve("trader-onnx-data").resolve("trader.log"));
            assertThat(log).contains("strategy=\"onnx tiny-policy.onnx\"").doesNotContain("event=strategy_error");
            for (JsonNode p : Http.get(base + "/api/positions").json()) {
                assertThat(p.get("protected").asBoolean()).as(p.toString()).isTrue();
            }
        }

        // without the jar: a clear error that names the one build command, and nothing starts
        Files.delete(strategies.resolve("pog-strategy-onnx.jar"));
        try (PogProcess trader = PogProcess.start(work, "trader-nojar", List.of("trader", "--config",
                config.toString()))) {
            assertThat(trader.waitFor(Duration.ofSeconds(60))).isNotZero();
            assertThat(trader.stderr() + trader.stdout()).contains("onnx needs its jar in this directory")
                    .contains("./mvnw -B -Ponnx -pl strategy-onnx -am package -DskipTests");
        }
    }
}
