package pog.app.demo;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pog.app.CliException;
import pog.app.ExitCodes;
import pog.app.Tokens;
import pog.app.Version;
import pog.app.pm.StopAllCommand;
import pog.common.auth.ControlToken;
import pog.common.config.ConfigException;
import pog.common.config.ConfigLoader;
import pog.common.json.Json;
import pog.common.proc.Detached;
import pog.pm.config.PmConfig;
import pog.venue.spi.VenueProvider;
import pog.venue.spi.VenueProviders;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code pog demo}: starts the simulated exchanges and PM detached (PM starts the traders), or adopts what already
 * runs; {@code pog demo stop} ends everything it started and says what it stopped.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run the whole system on this machine: simulated exchanges and PM, detached; PM starts the traders.",
                "Running it again adopts what is already there. 'pog demo stop' ends it all."},
        subcommands = {DemoCommand.Stop.class})
public final class DemoCommand implements Callable<Integer> {
    static final Path DEMO_DIR = Path.of("var", "demo");
    private static final Duration PM_START_TIMEOUT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    /** A process the demo owns besides PM: a name, its arguments to pog, and a URL that answers when it is up. */
    record SideProcess(String name, List<String> args, String healthUrl) {
        static SideProcess of(DemoConfig.Exchange e) {
            return new SideProcess(e.name(), List.of("exchange-sim", "--venue", e.venue(), "--port",
                    Integer.toString(e.port()), "--data-dir", e.dataDir().toString()),
                    "http://127.0.0.1:" + e.port() + "/info");
        }

        Path pidFile() {
            return DEMO_DIR.resolve(name + ".pid");
        }

        Path logFile() {
            return DEMO_DIR.resolve("logs").resolve(name + ".out");
        }
    }

    private final VenueProviders venues;
    private final Class<?> main;

    /**
     * @param venues the venues whose keys the demo may create
     * @param main   the class whose {@code main} runs pog, for the processes the demo starts detached
     */
    public DemoCommand(VenueProviders venues, Class<?> main) {
        this.venues = venues;
        this.main = main;
    }

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/demo/demo.yaml",
            description = "Demo configuration: simulators, keys, and PM's config (default: ${DEFAULT-VALUE}).")
    Path config;

    DemoConfig demo() {
        return ConfigLoader.load(config, DemoConfig.class);
    }

    List<SideProcess> sides(DemoConfig demo) {
        return demo.exchanges().stream().map(e -> withAccounts(SideProcess.of(e), e, demo)).toList();
    }

    /**
     * A simulated venue, like the venue itself, may need an account to exist before it trades (Hyperliquid creates
     * none on first use): the demo provisions the account of each of that venue's keys with {@code --fund} (10,000
     * USDC the first time; a restart keeps the balance), asking the venue's provider which account a key trades.
     */
    private SideProcess withAccounts(SideProcess side, DemoConfig.Exchange e, DemoConfig demo) {
        VenueProvider<?> provider = venues.find(e.venue()).orElse(null);
        if (provider == null) {
            return side;
        }
        List<String> args = new ArrayList<>(side.args());
        for (DemoConfig.Key key : demo.keys()) {
            if (key.venue().equals(e.venue()) && Files.exists(key.file())) {
                try {
                    provider.simulatedAccount(key.file()).ifPresent(account -> {
                        args.add("--fund");
                        args.add(account);
                    });
                } catch (RuntimeException unreadable) {
                    // left unfunded: the trader then reports the venue's own error, naming the account
                }
            }
        }
        return new SideProcess(side.name(), List.copyOf(args), side.healthUrl());
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        DemoConfig demo = demo();
        PmConfig pm = PmConfig.load(demo.pm());
        ControlToken token = Tokens.resolve(demo.pm(), pm.tokenPath());
        Files.createDirectories(DEMO_DIR.resolve("logs"));
        for (DemoConfig.Key key : demo.keys()) {
            createKeyIfMissing(venues, key, out);
        }
        for (SideProcess side : sides(demo)) {
            ensureRunning(side, out);
        }

        String pmUrl = pmUrl(pm);
        Optional<JsonNode> status = status(pmUrl);
        if (status.isPresent()) {
            JsonNode s = status.get();
            if (!"pm".equals(s.path("service").asText())) {
                throw new CliException(ExitCodes.FAILURE, "error: " + pmUrl + " answers but is not PM ("
                        + s.path("service").asText("?") + "); not starting a second copy");
            }
            out.println("PM already running (pid " + s.path("pid").asText() + "): adopting it and its traders.");
        } else {
            if (portHeld(pm)) {
                throw new CliException(ExitCodes.FAILURE, "error: port " + pm.port()
                        + " is held by something that does not answer as PM; not starting a second copy");
            }
            List<String> cmd = new ArrayList<>(Detached.selfCommand(main));
            cmd.addAll(List.of("pm", "--config", demo.pm().toString()));
            Path log = DEMO_DIR.resolve("logs").resolve("pm.out");
            // traders PM starts run ./pog: the jar is already built, so never rebuild under a running demo
            ProcessHandle process = Detached.start(cmd, Path.of("."), log, Map.of("POG_SKIP_BUILD", "1"));
            Files.writeString(DEMO_DIR.resolve("pm.pid"), process.pid() + "\n");
            out.println("Started PM (pid " + process.pid() + "); it starts the traders. Log: " + log);
            out.flush();
            awaitPm(pmUrl, process, log);
        }
        awaitFirstChecks(pmUrl);
        out.println();
        printServices(pmUrl, out);
        out.println();
        out.println("Dashboard:      " + pmUrl + "/");
        out.println("API:            " + pmUrl + "/api/services, " + pmUrl + "/api/portfolio");
        out.println("Control token:  " + (token.source().startsWith("file") ? pm.tokenPath().toAbsolutePath()
                : "from " + ControlToken.ENV) + " (needed for stop/start, asked once by the dashboard)");
        out.println("Status:         ./pog status --config " + demo.pm());
        out.println("Stop it all:    ./pog demo stop");
        out.println("Positions appear within a minute (traders need about 15 s of prices before their first signal).");
        return ExitCodes.OK;
    }

    /**
     * A fresh random key for a simulator account. The Hyperliquid simulator funds new accounts; the Lighter one
     * provisions an account and its API key only when asked: trader-lighter's {@code registerApiKey: true} in
     * config/demo asks through the simulator's loopback call.
     */
    static void createKeyIfMissing(VenueProviders venues, DemoConfig.Key key, PrintWriter out) throws IOException {
        VenueProvider<?> venue = venues.find(key.venue()).orElseThrow(() -> new ConfigException("demo config",
                "keys.venue", "unknown venue '" + key.venue() + "' (known: " + String.join(", ", venues.names()) + ")"));
        if (Files.exists(key.file())) {
            return;
        }
        try {
            venue.createKey(key.file(), new SecureRandom());
        } catch (UnsupportedOperationException e) {
            throw new ConfigException("demo config", "keys.venue", e.getMessage() + ": list only venues with keys");
        }
        out.println("Created a demo " + key.venue() + " key: " + key.file() + " (mode 0600)");
    }

    private void ensureRunning(SideProcess side, PrintWriter out) throws IOException, InterruptedException {
        if (answers(side.healthUrl())) {
            out.println(side.name() + " already running: adopted.");
            return;
        }
        List<String> cmd = new ArrayList<>(Detached.selfCommand(main));
        cmd.addAll(side.args());
        ProcessHandle process = Detached.start(cmd, Path.of("."), side.logFile(), Map.of());
        Files.writeString(side.pidFile(), process.pid() + "\n");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!answers(side.healthUrl())) {
            if (!process.isAlive()) {
                throw new CliException(ExitCodes.FAILURE, "error: " + side.name() + " exited at start; see "
                        + side.logFile());
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILURE, "error: " + side.name() + " did not answer within 60 s; see "
                        + side.logFile());
            }
            Thread.sleep(100);
        }
        out.println("Started " + side.name() + " (pid " + process.pid() + ").");
    }

    private static void awaitPm(String pmUrl, ProcessHandle process, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + PM_START_TIMEOUT.toNanos();
        while (status(pmUrl).isEmpty()) {
            if (!process.isAlive()) {
                throw new CliException(ExitCodes.FAILURE, "error: PM exited at start; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new CliException(ExitCodes.FAILURE, "error: PM did not answer within "
                        + PM_START_TIMEOUT.toSeconds() + " s; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** PM answers before its first probe of each trader completes; the table means more after it. */
    private static void awaitFirstChecks(String pmUrl) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> services = get(pmUrl + "/api/services");
            boolean checked = services.isPresent();
            for (JsonNode s : services.orElse(Json.mapper().createArrayNode())) {
                checked &= !s.path("state").asText().equals("UNKNOWN");
            }
            if (checked) {
                return;
            }
            Thread.sleep(100);
        }
    }

    private static void printServices(String pmUrl, PrintWriter out) {
        Optional<JsonNode> services = get(pmUrl + "/api/services");
        if (services.isEmpty()) {
            return;
        }
        out.printf("%-18s %-10s %-8s %-8s %s%n", "SERVICE", "STATE", "ORIGIN", "PID", "URL");
        for (JsonNode s : services.get()) {
            out.printf("%-18s %-10s %-8s %-8s %s%n", s.path("id").asText(), s.path("state").asText(),
                    s.path("origin").asText("-"), s.path("pid").isNull() ? "-" : s.path("pid").asText("-"),
                    s.path("baseUrl").asText());
        }
    }

    static String pmUrl(PmConfig pm) {
        String host = pm.bind().equals("0.0.0.0") || pm.bind().equals("::") ? "127.0.0.1" : pm.bind();
        return "http://" + host + ":" + pm.port();
    }

    static Optional<JsonNode> status(String pmUrl) {
        return get(pmUrl + "/api/status");
    }

    static Optional<JsonNode> get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(Json.mapper().readTree(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    static boolean answers(String url) {
        try {
            HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean portHeld(PmConfig pm) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress(pm.bind().equals("0.0.0.0") ? "127.0.0.1" : pm.bind(), pm.port()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code pog demo stop}: every trader gracefully (positions and stops stay), then PM, then the simulators. */
    @Command(name = "stop", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Stop the demo: every trader gracefully (positions and their stops stay), then PM, then the simulators.")
    static final class Stop implements Callable<Integer> {
        @CommandLine.ParentCommand
        DemoCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            DemoConfig demo = parent.demo();
            PmConfig pm = PmConfig.load(demo.pm());
            ControlToken token = Tokens.resolve(demo.pm(), pm.tokenPath());
            String pmUrl = pmUrl(pm);
            int failures = 0;
            Optional<JsonNode> status = status(pmUrl);
            if (status.isPresent() && "pm".equals(status.get().path("service").asText())) {
                out.println("Stopping every trader through PM...");
                out.flush();
                failures += stopAllThroughPm(pmUrl, token, out);
                long pmPid = status.get().path("pid").asLong();
                post(pmUrl + "/api/shutdown", token, "", Duration.ofSeconds(10));
                boolean gone = awaitExit(pmPid, Duration.ofSeconds(20));
                out.println((gone ? "Stopped PM (pid " : "PM did not exit (pid ") + pmPid + ")");
                failures += gone ? 0 : 1;
            } else {
                out.println("PM is not running; stopping the traders directly.");
                out.flush();
                int rc = new CommandLine(new StopAllCommand()).setOut(out).setErr(spec.commandLine().getErr())
                        .execute("--config", demo.pm().toString());
                failures += rc == 0 ? 0 : 1;
            }
            for (SideProcess side : parent.sides(demo)) {
                failures += stopSide(side, out);
            }
            Files.deleteIfExists(DEMO_DIR.resolve("pm.pid"));
            out.println(failures == 0 ? "Demo stopped." : "Demo stop finished with " + failures + " problem(s).");
            return failures == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }

        private static int stopAllThroughPm(String pmUrl, ControlToken token, PrintWriter out) {
            try {
                HttpResponse<String> r = post(pmUrl + "/api/services/stop-all", token, "{\"flatten\": false}",
                        Duration.ofMinutes(3));
                JsonNode report = Json.mapper().readTree(r.body());
                if (r.statusCode() != 200) {
                    out.println("PM refused stop-all: " + report.path("error").asText() + " " + report.path("detail").asText());
                    return 1;
                }
                for (JsonNode t : report.path("results")) {
                    out.printf("  %-18s %-16s %s%n", t.path("id").asText(), t.path("outcome").asText(),
                            t.path("pid").isMissingNode() || t.path("pid").isNull() ? "" : "pid " + t.path("pid").asText());
                }
                return report.path("allStopped").asBoolean() ? 0 : 1;
            } catch (IOException e) {
                out.println("stop-all through PM failed: " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }

        private static int stopSide(SideProcess side, PrintWriter out) throws IOException, InterruptedException {
            if (!Files.exists(side.pidFile())) {
                return 0;
            }
            long pid = Long.parseLong(Files.readString(side.pidFile()).trim());
            Optional<ProcessHandle> p = ProcessHandle.of(pid);
            if (p.isPresent() && p.get().isAlive()) {
                p.get().destroy();
                boolean gone = awaitExit(pid, Duration.ofSeconds(20));
                out.println((gone ? "Stopped " : "Could not stop ") + side.name() + " (pid " + pid + ")");
                if (!gone) {
                    return 1;
                }
            }
            Files.deleteIfExists(side.pidFile());
            return 0;
        }

        private static HttpResponse<String> post(String url, ControlToken token, String body, Duration timeout)
                throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                    .header("Authorization", "Bearer " + token.reveal())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private static boolean awaitExit(long pid, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
                Thread.sleep(50);
            }
            return true;
        }
    }
}
