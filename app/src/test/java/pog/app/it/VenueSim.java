package pog.app.it;

import com.fasterxml.jackson.databind.JsonNode;
import pog.hyperliquid.client.HyperliquidSettings;
import pog.hyperliquid.client.HyperliquidVenue;
import pog.lighter.client.LighterSettings;
import pog.lighter.client.LighterVenue;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.venue.Venue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The two venue simulators as the trader ITs use them, so that what differs between Hyperliquid and Lighter is said
 * once: how a simulator starts and says it is ready, the accounts a test may use on it (several per simulator, so a
 * test class can share one simulator between cases that must not see each other's orders), the trader's
 * {@code venue:} block for an account, the fault that holds order requests in flight, and the frames of a thread dump
 * that mean an order request is out.
 */
enum VenueSim {
    HYPERLIQUID, LIGHTER;

    /** Hyperliquid keys the simulator funds: account n of a simulator signs with HL_KEYS[n]. */
    private static final String[] HL_KEYS = {
            "0x0123456789012345678901234567890123456789012345678901234567890123",
            "0x1123456789012345678901234567890123456789012345678901234567890124",
            "0x2123456789012345678901234567890123456789012345678901234567890125",
            "0x3123456789012345678901234567890123456789012345678901234567890126",
    };
    /** Lighter account n of a simulator is account index LIGHTER_FIRST_ACCOUNT + n (made when its key registers). */
    private static final long LIGHTER_FIRST_ACCOUNT = 7;

    /** How many accounts a test may use on one simulator. */
    static int accounts() {
        return HL_KEYS.length;
    }

    /** A running simulator (a real {@code pog exchange-sim} process), ready to answer its venue API. */
    record Simulator(VenueSim venue, PogProcess process, int port, Path dir) implements AutoCloseable {
        String url() {
            return "http://127.0.0.1:" + port;
        }

        /** Sets faults through {@code POST /admin/faults} (fields omitted keep their value); asserts it took them. */
        void faults(String json) throws Exception {
            Http.Reply r = Http.postJson(url() + "/admin/faults", json);
            assertThat(r.status()).as("faults %s: %s", json, r.body()).isEqualTo(200);
        }

        /** No faults at all. */
        void clearFaults() throws Exception {
            faults("{\"latencyMs\":0,\"errorRate5xx\":0,\"errorRate429\":0,\"latencyPath\":null}");
        }

        /** The account's entry in the simulator's exposure ledger ({@code GET /admin/protection}). */
        JsonNode ledger(Account account) throws Exception {
            Http.Reply r = Http.get(url() + "/admin/protection");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            for (JsonNode a : r.json()) {
                if (a.path("account").asText().equals(account.ledgerName())) {
                    return a;
                }
            }
            throw new AssertionError("no account " + account.ledgerName() + " in the ledger: " + r.body());
        }

        /** The account as the venue's public API tells it (positions, balances), for a failure's message. */
        String accountState(Account account) {
            try {
                return venue == HYPERLIQUID
                        ? Http.postJson(url() + "/info", "{\"type\":\"clearinghouseState\",\"user\":\""
                        + account.ledgerName() + "\"}").body()
                        : Http.get(url() + "/api/v1/account?by=index&value=" + account.index()).body();
            } catch (Exception e) {
                return "(unreadable: " + e + ")";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.close();
        }
    }

    /**
     * Account {@code n} of a simulator, its key file written in the test's directory.
     *
     * @param keyFile    the key file's name, relative to the directory the trader runs in
     * @param ledgerName the account as the simulator's ledger names it (address or index)
     * @param index      the account number (Lighter's account index; for Hyperliquid, n)
     */
    record Account(VenueSim venue, int n, String keyFile, String ledgerName, long index) {
    }

    /**
     * Starts the simulator in {@code dir} (its files under {@code dir/NAME}) with admin on and every account a test
     * may use provisioned, and waits until it answers.
     */
    Simulator start(Path dir, String name, String... extraArgs) throws Exception {
        int port = Ports.free();
        List<String> args = new ArrayList<>(List.of("exchange-sim", "--venue", name().toLowerCase(), "--port",
                Integer.toString(port), "--data-dir", name, "--admin"));
        if (this == HYPERLIQUID) {
            for (String key : HL_KEYS) {
                args.addAll(List.of("--fund", hlAddress(key)));
            }
        }
        args.addAll(List.of(extraArgs));
        PogProcess p = PogProcess.start(dir, name, args);
        Simulator sim = new Simulator(this, p, port, dir);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError("simulator exited: " + p.stderr() + p.stdout());
                        }
                        return ready(sim.url());
                    });
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
        return sim;
    }

    private boolean ready(String url) throws Exception {
        return this == HYPERLIQUID ? Http.postJson(url + "/info", "{\"type\":\"meta\"}").json().has("universe")
                : Http.get(url + "/api/v1/orderBooks").status() == 200;
    }

    /** Writes account n's key into {@code work} (a Lighter key is new on every call: the trader registers it). */
    Account account(Path work, int n) throws IOException {
        if (n < 0 || n >= HL_KEYS.length) {
            throw new IllegalArgumentException("account 0.." + (HL_KEYS.length - 1));
        }
        String file = name().toLowerCase() + "-" + n + ".key";
        Path key = work.resolve(file);
        if (this == HYPERLIQUID) {
            Files.writeString(key, HL_KEYS[n] + "\n");
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            return new Account(this, n, file, hlAddress(HL_KEYS[n]), n);
        }
        Files.deleteIfExists(key);
        PrivateKey.generateToFile(key, new SecureRandom());
        long index = LIGHTER_FIRST_ACCOUNT + n;
        return new Account(this, n, file, Long.toString(index), index);
    }

    private static String hlAddress(String key) {
        return pog.hyperliquid.signing.PrivateKey.fromHex(key).address().toString();
    }

    /** The trader config's {@code venue:} block (ending in a newline) for an account on this simulator. */
    String venueYaml(Simulator sim, Account a) {
        return this == HYPERLIQUID ? """
                venue:
                  type: hyperliquid
                  baseUrl: %s
                  testnet: true
                  keyFile: %s
                """.formatted(sim.url(), a.keyFile()) : """
                venue:
                  type: lighter
                  baseUrl: %s
                  accountIndex: %d
                  keyFile: %s
                  registerApiKey: true
                """.formatted(sim.url(), a.index(), a.keyFile());
    }

    /**
     * The venue's real client on the account, as a person at the venue's UI would be: Hyperliquid signs with the
     * account's own key; Lighter's UI signs with an API key of its own, so this client registers one (new, in
     * {@code work}) in another slot (3) of the same account.
     */
    Venue outsider(Simulator sim, Account a, Path work) throws IOException {
        if (this == HYPERLIQUID) {
            return HyperliquidVenue.open(new HyperliquidSettings(sim.url(), true, work.resolve(a.keyFile()), null,
                    null, null, work.resolve("outsider-nonce-" + a.n()), null, null, null, null, null, null, null,
                    null, null, null), Map.of(), Clock.systemUTC());
        }
        Path key = work.resolve("outsider-" + a.n() + ".key");
        if (!Files.exists(key)) {
            PrivateKey.generateToFile(key, new SecureRandom());
        }
        return LighterVenue.open(new LighterSettings(sim.url(), null, null, a.index(), 3, key, null,
                work.resolve("outsider-" + a.n()), true, null, null, null, null, null, null, null, null, null),
                Map.of(), Clock.systemUTC());
    }

    /** The path of an order request, which {@code latencyPath} names (Hyperliquid: POST /exchange; Lighter: sendTx). */
    String orderPath() {
        return this == HYPERLIQUID ? "/exchange" : "sendTx";
    }

    /**
     * Faults that hold every order request {@code ms} before the simulator handles it, while reads stay quick, as on
     * a venue slow to match (0: nothing held; other faults keep their value).
     */
    String holdOrders(long ms) {
        return "{\"latencyMs\":" + ms + ",\"latencyPath\":\"" + orderPath() + "\"}";
    }

    /** Faults that move the mark of {@code symbol} (the sim core's: "BTC") to {@code price} at once. */
    String jump(String symbol, java.math.BigDecimal price) {
        if (this == HYPERLIQUID) {
            return "{\"jump\":{\"coin\":\"" + symbol + "\",\"px\":\"" + price.toPlainString() + "\"}}";
        }
        if (!symbol.equals("BTC")) {
            throw new IllegalArgumentException("the Lighter fixture knows market 1 (BTC) only, not " + symbol);
        }
        return "{\"jump\":{\"market_id\":1,\"price\":\"" + price.toPlainString() + "\"}}";
    }

    /** The frame of the trader's venue writer that means the order request itself is out. */
    String sendingFrame() {
        return this == HYPERLIQUID ? "pog.hyperliquid.client.HyperliquidRest.exchange"
                : "pog.lighter.client.LighterRest.post";
    }

    /** The frame of a simulator's thread dump that means it holds a request (the fault's latency). */
    static final String SIM_HOLDING_FRAME = "pog.sim.Faults.admit";


    /** The process's thread dump, as {@code jcmd PID Thread.print} gives it (empty if it cannot be had). */
    static String threads(long pid) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(Files.exists(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid),
                "Thread.print").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "";
    }

    /**
     * The trader's venue writer's stack in a thread dump (the decision thread never waits on the venue; order requests
     * run on {@code venue-write}): from its header line to the blank line that ends it.
     */
    static String writerThread(String dump) {
        int from = dump.indexOf("\"venue-write\"");
        if (from < 0) {
            return "";
        }
        int to = dump.indexOf("\n\n", from);
        return dump.substring(from, to < 0 ? dump.length() : to);
    }

    /** The last lines of a process's file, for a failure message (the temporary directory takes the file with it). */
    static String tail(Path file, int lines) throws IOException {
        if (!Files.exists(file)) {
            return "(no " + file.getFileName() + ")";
        }
        List<String> all = Files.readAllLines(file);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
