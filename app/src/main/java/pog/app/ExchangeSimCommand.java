package pog.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pog.common.config.ConfigLoader;
import pog.common.fs.DirLock;
import pog.common.log.Logs;
import pog.hyperliquid.sim.HyperliquidSimConfig;
import pog.hyperliquid.sim.HyperliquidSimServer;
import pog.lighter.sim.LighterSimConfig;
import pog.lighter.sim.LighterSimServer;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code pog exchange-sim --venue hyperliquid}: a simulated exchange as its own process, speaking the venue's wire
 * protocol on one port, its state in SQLite under the data directory (kill -9 and restart lose nothing).
 */
@Command(name = "exchange-sim", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Run a simulated exchange that speaks a venue's own protocol (POST /info, POST /exchange, "
                + "WebSocket /ws for Hyperliquid).",
                "State lives in SQLite under --data-dir; SIGTERM/SIGINT stop it (exit 0), kill -9 loses nothing."})
public final class ExchangeSimCommand implements Callable<Integer> {
    @Option(names = "--venue", required = true, paramLabel = "VENUE", description = "Venue to simulate: hyperliquid, lighter.")
    String venue;

    @Option(names = "--config", paramLabel = "FILE",
            description = "YAML configuration (see config/exchange-sim-hyperliquid.yaml); built-in defaults without.")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port for HTTP and WebSocket (default 9502; 0 = any).")
    Integer port;

    @Option(names = "--bind", paramLabel = "HOST", description = "Interface to listen on (default 127.0.0.1).")
    String bind;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "var/sim-hyperliquid",
            description = "State directory: exchange.db, hl.db, exchange-sim.log, lock (default ${DEFAULT-VALUE}).")
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
        if ("lighter".equals(venue)) {
            return lighter();
        }
        if (!"hyperliquid".equals(venue)) {
            throw new CliException(ExitCodes.CONFIG, "error: unknown venue '" + venue + "' (known: hyperliquid, lighter)");
        }
        String source = config == null ? "built-in defaults" : config.toString();
        HyperliquidSimConfig cfg = (config == null ? HyperliquidSimConfig.defaults() : ConfigLoader.load(config, HyperliquidSimConfig.class))
                .withDefaults();
        cfg = withOverrides(cfg).validate(source);

        HyperliquidSimConfig started = cfg;
        return serve(dataDir, cfg.port(), () -> recording(HyperliquidSimServer.start(started, dataDir, Clock.systemUTC(), true),
                        s -> s.simulator().exchange()),
                server -> "exchange-sim hyperliquid listening on http://" + started.bind() + ":" + server.port()
                        + " (ws /ws, data " + dataDir + ", network " + started.network()
                        + ", accounts only when funded" + (started.faucetOnInfo() ? " or by the info faucet" : "")
                        + (Boolean.TRUE.equals(started.admin().enabled()) ? ", admin /admin/faults" : "") + ")");
    }

    /** The simulated Lighter: REST /api/v1 and WebSocket /stream, default port 9503, state in var/sim-lighter. */
    private Integer lighter() throws Exception {
        Path dir = Path.of("var/sim-hyperliquid").equals(dataDir) ? Path.of("var/sim-lighter") : dataDir;
        LighterSimConfig cfg = (config == null ? LighterSimConfig.defaults()
                : ConfigLoader.load(config, LighterSimConfig.class)).withDefaults();
        cfg = port != null ? cfg.withPort(port) : cfg;
        cfg = bind != null ? cfg.withBind(bind) : cfg;
        cfg = admin ? cfg.withAdmin(true) : cfg;
        cfg = cfg.withFaults(latencyMs != null ? latencyMs : cfg.latencyMs(),
                errorRate5xx != null ? errorRate5xx : cfg.errorRate5xx(),
                errorRate429 != null ? errorRate429 : cfg.errorRate429());
        LighterSimConfig started = cfg;
        java.util.List<LighterSimOptions.Funding> fundings = LighterSimOptions.fundings(fund);
        LighterSimOptions.checkAccounts(cfg, config == null ? "built-in defaults" : config.toString());
        return serve(dir, cfg.port(), () -> recording(LighterSimServer.start(started, dir, Clock.systemUTC(), true),
                        s -> s.simulator().exchange()),
                server -> "exchange-sim lighter listening on http://" + started.bind() + ":" + server.port()
                        + " (REST /api/v1, ws /stream, data " + dir + (started.admin() ? ", admin /admin/faults" : "")
                        + ")" + LighterSimOptions.provision(server, fundings));
    }

    /** With {@code --record}: the server's marks go to the file for as long as the process lives. */
    private <S> S recording(S server, java.util.function.Function<S, pog.sim.Exchange> exchange) {
        if (record != null) {
            MarketRecorder.start(exchange.apply(server), record);
        }
        return server;
    }

    /** Runs a simulator under its data dir's lock until SIGTERM/SIGINT/SIGHUP (exit 0); a taken port is exit 3. */
    private static <S extends AutoCloseable> Integer serve(Path dir, int port, Callable<S> start,
                                                          java.util.function.Function<S, String> banner) throws Exception {
        Logs.toFile(dir.resolve("exchange-sim.log"));
        DirLock lock;
        try {
            lock = DirLock.acquire(dir);
        } catch (DirLock.LockedException e) {
            throw new CliException(ExitCodes.ALREADY_RUNNING, "error: " + e.getMessage()
                    + "; refusing to start a second copy");
        }
        try {
            S server;
            try {
                server = start.call();
            } catch (RuntimeException e) {
                if (causedByBind(e)) {
                    throw new CliException(ExitCodes.ALREADY_RUNNING, "error: port " + port
                            + " is in use; is the simulator already running?");
                }
                throw e;
            }
            System.out.println(banner.apply(server));
            CountDownLatch stop = new CountDownLatch(1);
            Signals.onTermination(stop::countDown);
            stop.await();
            server.close();
        } finally {
            lock.close();
        }
        return ExitCodes.OK;
    }

    private HyperliquidSimConfig withOverrides(HyperliquidSimConfig cfg) {
        HyperliquidSimConfig c = cfg;
        if (port != null) {
            c = c.withPort(port);
        }
        if (bind != null) {
            c = c.withBind(bind);
        }
        if (faucet != null) {
            c = c.withFaucet(faucet);
        }
        if (ipWeightPerMinute != null) {
            c = c.withIpWeightPerMinute(ipWeightPerMinute);
        }
        if (!fund.isEmpty()) {
            c = c.withAccounts(hyperliquidFunding(c.startingBalance()));
        }
        if (network != null) {
            c = c.withNetwork(network.toLowerCase());
        }
        if (admin) {
            c = c.withAdmin(true);
        }
        if (latencyMs != null || errorRate5xx != null || errorRate429 != null) {
            HyperliquidSimConfig.Faults f = c.faults();
            c = c.withFaults(new HyperliquidSimConfig.Faults(latencyMs != null ? latencyMs : f.latencyMs(),
                    errorRate5xx != null ? errorRate5xx : f.errorRate5xx(),
                    errorRate429 != null ? errorRate429 : f.errorRate429()));
        }
        return c;
    }

    /** {@code --fund 0xADDR[=USDC]} for Hyperliquid: each address once, a later amount for it winning. */
    private java.util.Map<String, java.math.BigDecimal> hyperliquidFunding(java.math.BigDecimal defaultUsd) {
        java.util.Map<String, java.math.BigDecimal> accounts = new java.util.LinkedHashMap<>();
        for (String item : fund) {
            int eq = item.indexOf('=');
            String address = (eq < 0 ? item : item.substring(0, eq)).trim();
            if (!address.matches("0x[0-9a-fA-F]{40}")) {
                throw new CliException(ExitCodes.CONFIG, "error: --fund needs a 0x address with 40 hex digits, got '"
                        + address + "'");
            }
            java.math.BigDecimal usd = defaultUsd;
            if (eq >= 0) {
                try {
                    usd = new java.math.BigDecimal(item.substring(eq + 1).trim());
                } catch (NumberFormatException e) {
                    throw new CliException(ExitCodes.CONFIG, "error: --fund " + item + ": the amount after '=' must be"
                            + " a USDC amount");
                }
                if (usd.signum() < 0) {
                    throw new CliException(ExitCodes.CONFIG, "error: --fund " + item + ": the amount must not be negative");
                }
            }
            accounts.put(address.toLowerCase(java.util.Locale.ROOT), usd);
        }
        return accounts;
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
