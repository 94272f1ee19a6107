package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.json.Json;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Hyperliquid's public TypeScript SDK, {@code @nktkas/hyperliquid} (the exact version pinned in
 * {@code sdk-compat/hyperliquid-ts/package.json}), works unchanged against {@code pog exchange-sim --venue hyperliquid}:
 * a real simulator process on a free port, driven by {@code node compat.mjs <url> <key>}, which uses only the SDK's
 * public API (HttpTransport/WebSocketTransport with a custom URL, signing for testnet as the SDK does for any URL
 * but mainnet's) and checks every answer. Every call in {@link #EXPECTED_CALLS} must report ok, except the
 * {@link #KNOWN_GAPS}, which must still fail (one that passes is fixed and must be removed here and in compat.mjs).
 * <p>
 * Needs {@code node} (20.10+; 22+ has WebSocket built in) and {@code npm ci} in sdk-compat/hyperliquid-ts
 * ({@code .ci/run} does it). Without them the test is skipped, unless CI=true, where that is a failure.
 */
class HyperliquidSdkCompatIT {
    /** A fixed test key (never a real account's). */
    static final String PRIVATE_KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";

    /** Every check compat.mjs reports, in its order. */
    static final List<String> EXPECTED_CALLS = List.of(
            "info.meta", "info.spotMeta", "utils.SymbolConverter", "info.allMids", "info.l2Book", "info.l2Book.nSigFigs",
            "info.candleSnapshot",
            "ws.connect", "ws.subscribe.allMids", "ws.subscribe.l2Book", "ws.subscribe.trades",
            "ws.subscribe.orderUpdates", "ws.subscribe.userFills", "ws.subscribe.userEvents",
            "info.clearinghouseState", "exchange.updateLeverage", "exchange.order.limitGtc.cloid",
            "info.openOrders", "info.frontendOpenOrders", "info.orderStatus", "exchange.order.limitAlo",
            "exchange.order.limitIoc", "info.userFills", "info.clearinghouseState.position",
            "exchange.updateLeverage.isolated",
            "exchange.order.trigger.slMarket", "exchange.order.trigger.tpMarket", "exchange.cancel",
            "exchange.order.reduceOnly", "exchange.order.grouping.normalTpsl", "exchange.cancelByCloid",
            "exchange.modify", "exchange.batchModify", "exchange.scheduleCancel.set", "exchange.scheduleCancel.clear",
            "exchange.expiresAfter", "exchange.wrongNetworkSignature", "ws.post.info", "ws.post.exchange",
            "exchange.order.trigger.firesOnMark", "ws.allMids", "ws.l2Book", "ws.trades", "ws.orderUpdates", "ws.userFills", "ws.userEvents", "ws.ping",
            "info.historicalOrders", "info.userRole", "info.userRateLimit", "info.userFees", "info.activeAssetData",
            "info.spotClearinghouseState", "info.userFunding+fundingHistory+predictedFundings",
            "info.exchangeStatus+extraAgents+portfolio", "info.unknownUserCreatesNothing",
            "ws.subscribe.bbo", "ws.subscribe.candle", "ws.subscribe.activeAssetCtx", "ws.subscribe.activeAssetData",
            "ws.subscribe.webData3", "ws.subscribe.clearinghouseState", "ws.subscribe.openOrders",
            "ws.subscribe.userFundings", "ws.subscribe.userNonFundingLedgerUpdates", "ws.subscribe.notification",
            "ws.marketFeeds", "ws.userFeeds");

    /**
     * Checks known to fail against the simulator (the same keys as KNOWN_GAPS in compat.mjs, whose lines say what is
     * wrong). They must fail: a known gap that passes fails this test so the list is kept honest.
     */
    static final List<String> KNOWN_GAPS = List.of();

    @TempDir
    Path work;

    @Test
    void publicTypeScriptSdkWorksUnchangedAgainstTheSimulator() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Path dir = sdkCompatDir();
        String node = findOnPath("node");
        String missing = node == null ? "node is not on PATH"
                : !Files.isDirectory(dir.resolve("node_modules/@nktkas/hyperliquid"))
                ? "run `npm ci --no-audit --no-fund` in " + dir + " (node_modules/@nktkas/hyperliquid is missing)" : null;
        if (missing != null) {
            if (ci) {
                fail("CI=true but " + missing);
            }
            System.out.println("[sdk-compat] HyperliquidSdkCompatIT skipped (CI is not true): " + missing);
            Assumptions.abort("skipped: " + missing);
        }
        List<String> nodeCmd = nodeCommand(node, ci);

        int port = Ports.free();
        String baseUrl = "http://127.0.0.1:" + port;
        Path data = work.resolve("sim-data");
        long started = System.nanoTime();
        // --admin: compat.mjs moves the mark through the simulator's admin endpoint to see a stop fire
        // Accounts exist only when provisioned, as on the venue: the key's, and the second one compat.mjs derives from
        // it (last byte xor 1) for the isolated-margin check.
        String second = PRIVATE_KEY.substring(0, PRIVATE_KEY.length() - 2) + String.format("%02x",
                Integer.parseInt(PRIVATE_KEY.substring(PRIVATE_KEY.length() - 2), 16) ^ 1);
        try (PogProcess sim = PogProcess.start(work, "exchange-sim", List.of("exchange-sim", "--venue", "hyperliquid",
                "--admin", "--port", String.valueOf(port), "--data-dir", data.toString(),
                // compat.mjs spends more than the venue's 1200 weight a minute from one address (its answers would
                // be 429s, as on the venue); the budget itself is proven by the simulator's own tests
                "--ip-weight-per-minute", "0",
                "--fund", pog.hyperliquid.signing.PrivateKey.fromHex(PRIVATE_KEY).address().toString(),
                "--fund", pog.hyperliquid.signing.PrivateKey.fromHex(second).address().toString()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!sim.isAlive()) {
                    throw new AssertionError("simulator exited: " + sim.stderr() + sim.stdout());
                }
                try {
                    Http.post(baseUrl + "/info", null, "{\"type\":\"meta\"}");
                    return true; // it answers (Http sends no JSON content type, so the answer itself is not used)
                } catch (IOException notYet) {
                    return false;
                }
            });

            List<String> cmd = new ArrayList<>(nodeCmd);
            cmd.addAll(List.of("compat.mjs", baseUrl, PRIVATE_KEY));
            Path out = work.resolve("compat.out");
            Path err = work.resolve("compat.err");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
            pb.environment().put("POG_SIM_ADMIN", "true");
            pb.environment().remove("POG_HL_MAINNET");
            pb
                    .redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process script = pb.start();
            boolean done;
            try {
                done = script.waitFor(180, TimeUnit.SECONDS);
            } finally {
                if (script.isAlive()) {
                    script.destroyForcibly();
                    script.waitFor(10, TimeUnit.SECONDS);
                }
            }
            String stdout = Files.readString(out);
            String stderr = Files.readString(err);
            String context = "\n--- compat.mjs stdout\n" + stdout + "\n--- compat.mjs stderr\n" + stderr
                    + "\n--- simulator stderr (tail)\n" + tail(sim.stderr(), 4000);
            System.out.println("[sdk-compat] " + String.join(" ", cmd) + "\n" + stdout + (stderr.isBlank() ? "" : stderr));
            assertThat(done).as("compat.mjs finished within 180 s" + context).isTrue();

            Map<String, JsonNode> lines = new LinkedHashMap<>();
            JsonNode summary = null;
            for (String line : stdout.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = Json.mapper().readTree(line);
                if (n.path("summary").asBoolean(false)) {
                    summary = n;
                } else {
                    assertThat(lines.put(n.path("call").asText(), n)).as("one line per call: " + line + context).isNull();
                }
            }
            System.out.println("[sdk-compat] KNOWN_GAPS (" + KNOWN_GAPS.size() + "), checks known to fail against the simulator:");
            for (String gap : KNOWN_GAPS) {
                JsonNode n = lines.get(gap);
                System.out.println("[sdk-compat]   " + gap + ": " + (n == null ? "(not reported)" : n.path("knownGap").asText()
                        + " -- actual: " + n.path("detail").asText()));
            }
            System.out.printf("[sdk-compat] %d checks in %.1f s%n", lines.size(), (System.nanoTime() - started) / 1e9);

            assertThat(summary).as("compat.mjs printed its summary line" + context).isNotNull();
            assertThat(lines.keySet()).as("the calls compat.mjs reported" + context)
                    .containsExactlyElementsOf(EXPECTED_CALLS);
            Set<String> scriptGaps = new LinkedHashSet<>();
            lines.forEach((call, n) -> {
                if (n.hasNonNull("knownGap")) {
                    scriptGaps.add(call);
                }
            });
            assertThat(scriptGaps).as("compat.mjs KNOWN_GAPS = this test's KNOWN_GAPS" + context)
                    .containsExactlyInAnyOrderElementsOf(KNOWN_GAPS);

            List<String> unexpected = new ArrayList<>();
            List<String> fixed = new ArrayList<>();
            lines.forEach((call, n) -> {
                boolean ok = n.path("ok").asBoolean(false);
                if (!ok && !KNOWN_GAPS.contains(call)) {
                    unexpected.add(call + ": " + n.path("detail").asText());
                }
                if (ok && KNOWN_GAPS.contains(call)) {
                    fixed.add(call);
                }
            });
            assertThat(unexpected).as("calls that failed against the simulator" + context).isEmpty();
            assertThat(fixed).as("known gaps that now pass: remove them from KNOWN_GAPS here and in compat.mjs" + context)
                    .isEmpty();
            assertThat(script.exitValue()).as("compat.mjs exit status" + context).isZero();

            sim.term();
            sim.waitFor(Duration.ofSeconds(30));
        }
    }

    /** sdk-compat/hyperliquid-ts of this checkout: failsafe runs in app/, so it is found walking up. */
    private static Path sdkCompatDir() {
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            Path candidate = p.resolve("sdk-compat/hyperliquid-ts");
            if (Files.isRegularFile(candidate.resolve("package.json"))) {
                return candidate;
            }
        }
        throw new AssertionError("sdk-compat/hyperliquid-ts not found above " + here);
    }

    /** node, with --experimental-websocket below Node 22 (the SDK needs a global WebSocket; 20.10+ has it behind that flag). */
    private static List<String> nodeCommand(String node, boolean ci) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
        String version = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(10, TimeUnit.SECONDS);
        String[] parts = version.replaceFirst("^v", "").split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        if (major < 20 || (major == 20 && minor < 10)) {
            String why = "node " + version + " is too old: the SDK needs Node 22+ (or 20.10+ with --experimental-websocket)";
            if (ci) {
                fail("CI=true but " + why);
            }
            System.out.println("[sdk-compat] HyperliquidSdkCompatIT skipped (CI is not true): " + why);
            Assumptions.abort("skipped: " + why);
        }
        return major < 22 ? List.of(node, "--experimental-websocket") : List.of(node);
    }

    private static String findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path f = Path.of(d, name);
            if (Files.isRegularFile(f) && Files.isExecutable(f)) {
                return f.toString();
            }
        }
        return null;
    }


    private static String tail(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max);
    }
}
