package pog.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pog.common.fs.DirLock;
import pog.common.log.Logs;
import pog.simfront.SimOptionException;
import pog.simfront.SimulatorProvider;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pog exchange-sim --venue hyperliquid}: a simulated exchange as its own process, speaking the venue's wire
 * protocol on one port, its state in SQLite under the data directory (kill -9 and restart lose nothing). The venues
 * are the simulator providers {@link Simulators} lists; the command itself names none.
 */
@Command(name = "exchange-sim", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run a simulated exchange that speaks a venue's own protocol (POST /info, POST /exchange, "
                + "WebSocket /ws for Hyperliquid).",
                "State lives in SQLite under --data-dir; SIGTERM/SIGINT stop it (exit 0), kill -9 loses nothing."})
public final class ExchangeSimCommand implements Callable<Integer> {
    private final List<SimulatorProvider> simulators;

    public ExchangeSimCommand() {
        this(Simulators.all());
    }

    ExchangeSimCommand(List<SimulatorProvider> simulators) {
        this.simulators = simulators;
    }

    @Option(names = "--venue", required = true, paramLabel = "VENUE", description = "Venue to simulate: hyperliquid, lighter.")
    String venue;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (see config/exchange-sim-hyperliquid.yaml); built-in defaults without.")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port for HTTP and WebSocket (default 9502; 0 = any).")
    Integer port;

    @Option(names = "--bind", paramLabel = "HOST", description = "Interface to listen on (default 127.0.0.1).")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "State directory: exchange.db, hl.db or lighter.db, exchange-sim.log, lock (default "
                    + "var/sim-hyperliquid, var/sim-lighter).")
    Path dataDir;

    @Option(names = "--network", paramLabel = "NET",
            description = "Signatures are recovered for testnet (default; what the SDKs sign for a custom URL) or mainnet.")
    String network;

    @Option(names = "--admin", description = "Serve GET/POST /admin/faults (loopback callers only).")
    boolean admin;

    @Option(names = "--latency-ms", paramLabel = "MS", description = "Fault: delay every /info and /exchange answer.")
    Long latencyMs;

    @Option(names = "--error-rate-5xx", paramLabel = "P", description = "Fault: answer this share (0..1) with 502.")
    Double errorRate5xx;

    @Option(names = "--error-rate-429", paramLabel = "P", description = "Fault: answer this share (0..1) with 429.")
    Double errorRate429;

    @Option(names = "--fund", paramLabel = "0xADDR[=USDC]",
            description = {"Make the account of this address, funded with USDC; repeatable. Accounts exist only when",
                    "provisioned. Hyperliquid: default 10000; also the config's accounts or POST /admin/fund; an",
                    "address that already is one keeps its balance. Lighter: an account owned by this L1 (Ethereum)",
                    "address, default the starting balance, unless it has one; prints its account index."})
    java.util.List<String> fund = new java.util.ArrayList<>();

    @Option(names = "--faucet", paramLabel = "MODE",
            description = "Hyperliquid: off (default, as the venue) or info (the first info query about an unknown "
                    + "address funds it with startingBalance, like the testnet faucet).")
    String faucet;

    @Option(names = "--ip-weight-per-minute", paramLabel = "N",
            description = "Hyperliquid: the per-IP request weight budget a minute (default 1200, as the venue; 0 = off).")
    Long ipWeightPerMinute;

    @Option(names = "--record", paramLabel = "FILE",
            description = "Append every mark the exchange serves to FILE as JSON lines (replay input for pog replay).")
    Path record;

    @Override
    public Integer call() throws Exception {
        SimulatorProvider provider = simulators.stream().filter(p -> p.name().equals(venue)).findFirst()
                .orElseThrow(() -> new CliException(ExitCodes.CONFIG, "error: unknown venue '" + venue + "' (known: "
                        + String.join(", ", simulators.stream().map(SimulatorProvider::name).toList()) + ")"));
        Map<String, String> own = new LinkedHashMap<>();
        putIfGiven(own, "network", network);
        putIfGiven(own, "faucet", faucet);
        putIfGiven(own, "ip-weight-per-minute", ipWeightPerMinute);
        SimulatorProvider.Launch launch;
        try {
            launch = provider.prepare(new SimulatorProvider.Options(config, port, bind, admin, latencyMs,
                    errorRate5xx, errorRate429, fund, own));
        } catch (SimOptionException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage());
        }
        Path dir = dataDir != null ? dataDir : provider.defaultDataDir();
        return serve(dir, launch.port(), () -> recording(launch.start(dir, Clock.systemUTC())));
    }

    private static void putIfGiven(Map<String, String> options, String name, Object value) {
        if (value != null) {
            options.put(name, value.toString());
        }
    }

    /** With {@code --record}: the server's marks go to the file for as long as the process lives. */
    private SimulatorProvider.Running recording(SimulatorProvider.Running server) {
        if (record != null) {
            MarketRecorder.start(server.exchange(), record);
        }
        return server;
    }

    /** Runs a simulator under its data dir's lock until SIGTERM/SIGINT/SIGHUP (exit 0); a taken port is exit 3. */
    private static Integer serve(Path dir, int port, Callable<SimulatorProvider.Running> start) throws Exception {
        Logs.toFile(dir.resolve("exchange-sim.log"));
        DirLock lock;
        try {
            lock = DirLock.acquire(dir);
        } catch (DirLock.LockedException e) {
            throw new CliException(ExitCodes.ALREADY_RUNNING, "error: " + e.getMessage()
                    + "; refusing to start a second copy");
        }
        try {
            SimulatorProvider.Running server;
            try {
                server = start.call();
            } catch (SimOptionException e) {
                throw new CliException(ExitCodes.CONFIG, e.getMessage());
            } catch (RuntimeException e) {
                if (causedByBind(e)) {
                    throw new CliException(ExitCodes.ALREADY_RUNNING, "error: port " + port
                            + " is in use; is the simulator already running?");
                }
                throw e;
            }
            System.out.println(server.banner());
            CountDownLatch stop = new CountDownLatch(1);
            Signals.onTermination(stop::countDown);
            stop.await();
            server.close();
        } finally {
            lock.close();
        }
        return ExitCodes.OK;
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }
}
