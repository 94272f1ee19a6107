package pog.app.watchdog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pog.app.ExitCodes;
import pog.app.Signals;
import pog.app.Version;
import pog.common.config.ConfigException;
import pog.common.log.Logs;
import pog.pm.config.PmConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code pog watchdog [--once]}: makes sure PM runs. Checks PM's {@code /api/status}; starts PM detached when nothing
 * listens on its port; never starts a second copy, never stops anything. {@code --once} is for cron and the Windows
 * Task Scheduler; without it the check repeats every interval (hosts without an init system).
 */
@Command(name = "watchdog", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Make sure PM runs: check its /api/status and start it detached when nothing listens on its port.",
                "Never starts a second copy (a port held by something else is a conflict), never stops PM or a trader.",
                "Actions are logged to <PM dataDir>/watchdog.log (key=value); PM's output goes to <PM dataDir>/pm.out.",
                "Without --once it checks every --interval-ms, and at once when a PM it started exits."},
        exitCodeListHeading = "%nExit codes (--once; the loop exits 0 on SIGTERM/SIGINT/SIGHUP, 2 on bad input):%n",
        exitCodeList = {
                "0:PM is up: it was already answering, or it was started and answers now",
                "1:PM could not be started: it exited or did not answer within --start-timeout-ms (see pm.out)",
                "2:bad configuration or command line",
                "3:PM's port is held by something that is not PM: nothing was started"},
        footer = {"", "Running it from systemd, cron, the Windows Task Scheduler or Kubernetes: docs/deploy.md"})
public final class WatchdogCommand implements Callable<Integer> {
    /** How often a PM this watchdog just launched is looked at, so READY (and --once) come without delay. */
    private static final long STARTING_POLL_MS = 100;

    @Option(names = "--once", description = "Check (and start PM if needed) once, then exit with a code below.")
    boolean once;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/pm.yaml",
            description = "PM configuration: where PM listens and its data directory (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
            description = "Time between checks in the loop (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--timeout-ms", paramLabel = "MS", defaultValue = "800",
            description = "Connect and answer timeout of each check (default: ${DEFAULT-VALUE}).")
    long timeoutMs;

    @Option(names = "--start-timeout-ms", paramLabel = "MS", defaultValue = "30000",
            description = "How long a started PM may take to answer before the start counts as failed (default: ${DEFAULT-VALUE}).")
    long startTimeoutMs;

    @Spec
    CommandSpec spec;

    private Logger log;
    private PrintWriter out;

    @Override
    public Integer call() throws InterruptedException {
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PmConfig pm;
        try {
            pm = PmConfig.load(config);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return ExitCodes.CONFIG;
        }
        String bad = intervalMs <= 0 ? "--interval-ms must be positive"
                : timeoutMs <= 0 ? "--timeout-ms must be positive"
                : startTimeoutMs <= 0 ? "--start-timeout-ms must be positive"
                : pm.port() == 0 ? config + ": port: 0 (any free port) cannot be watched; give PM a fixed port" : null;
        if (bad != null) {
            err.println("error: " + bad);
            return ExitCodes.CONFIG;
        }
        Path dataDir = pm.dataPath();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            err.println("error: " + config + ": dataDir: cannot create " + dataDir + ": " + e.getMessage());
            return ExitCodes.CONFIG;
        }
        // before the first logger: logback reads the file location once. The person sees short lines on stdout.
        Logs.toFile(dataDir.resolve("watchdog.log"));
        log = LoggerFactory.getLogger(WatchdogCommand.class);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender("CONSOLE");

        String url = pmUrl(pm);
        try {
            alerts = WatchdogAlerts.open(pm.alerts(), dataDir, url);
        } catch (IOException e) {
            // the watchdog's first job is PM; without its alerts journal it still starts PM
            log.error("event=alerts_unavailable error=\"{}\"", e.getMessage());
        }
        Semaphore wake = new Semaphore(0);
        Path pmOut = dataDir.resolve("pm.out");
        Watchdog watchdog = new Watchdog(new HttpPmProbe(url, Duration.ofMillis(timeoutMs)),
                new DetachedPmStarter(config, Path.of("."), pmOut, wake::release), LockHolder.of(dataDir),
                Clock.systemUTC(), Duration.ofMillis(startTimeoutMs));
        try {
            return once ? once(watchdog, url, pmOut) : loop(watchdog, url, pmOut, wake);
        } finally {
            if (alerts != null) {
                alerts.finish(15_000);
            }
        }
    }

    private WatchdogAlerts alerts;

    /** Every step reaches the alerts, news or not: the alerts fold repeats themselves. */
    private Watchdog.Step tick(Watchdog watchdog) {
        Watchdog.Step step = watchdog.tick();
        if (alerts != null) {
            try {
                alerts.onStep(step);
            } catch (RuntimeException e) {
                log.error("event=alert_failed error={}", e.toString());
            }
        }
        return step;
    }

    private int once(Watchdog watchdog, String url, Path pmOut) throws InterruptedException {
        // the check itself may take a timeout, and a PM it found starting deserves the same time as one it starts
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startTimeoutMs + timeoutMs);
        while (true) {
            Watchdog.Step step = tick(watchdog);
            if (watchdog.report(step)) {
                // cron runs this every minute: a PM that simply answers is not worth a log line
                say(step, url, pmOut, step.action() != Watchdog.Action.UP && step.action() != Watchdog.Action.STARTING);
            }
            switch (step.action()) {
                case UP, READY -> {
                    return ExitCodes.OK;
                }
                case CONFLICT -> {
                    return ExitCodes.ALREADY_RUNNING;
                }
                case START_FAILED -> {
                    return ExitCodes.FAILURE;
                }
                default -> {
                    if (System.nanoTime() > deadline) {
                        log.warn("event=pm_not_up url={} after_ms={} last={}", url, startTimeoutMs + timeoutMs,
                                step.action());
                        out.println(now() + " watchdog: PM did not answer within " + (startTimeoutMs + timeoutMs)
                                + " ms (last: " + step.detail() + "); see " + pmOut);
                        out.flush();
                        return ExitCodes.FAILURE;
                    }
                    Thread.sleep(STARTING_POLL_MS);
                }
            }
        }
    }

    private int loop(Watchdog watchdog, String url, Path pmOut, Semaphore wake) throws InterruptedException {
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Signals.onTermination(() -> {
            running.set(false);
            wake.release();
        });
        log.info("event=watchdog_started pid={} url={} config={} interval_ms={} timeout_ms={} start_timeout_ms={}",
                ProcessHandle.current().pid(), url, config, intervalMs, timeoutMs, startTimeoutMs);
        out.println(now() + " watchdog: watching PM at " + url + " every " + intervalMs + " ms (Ctrl-C stops the"
                + " watchdog only)");
        out.flush();
        while (running.get()) {
            Watchdog.Step step = tick(watchdog);
            if (watchdog.report(step)) {
                say(step, url, pmOut, true);
            }
            long wait = watchdog.starting() ? Math.min(intervalMs, STARTING_POLL_MS) : intervalMs;
            // a PM this watchdog started that exits wakes it at once: no need to wait for the next interval
            if (wake.tryAcquire(wait, TimeUnit.MILLISECONDS)) {
                wake.drainPermits();
            }
        }
        log.info("event=watchdog_stopped pid={} detail=\"PM left running\"", ProcessHandle.current().pid());
        out.println(now() + " watchdog: stopped (PM left running)");
        out.flush();
        return ExitCodes.OK;
    }

    /** One key=value line to watchdog.log (when {@code toLog}) and one short line to stdout. */
    private void say(Watchdog.Step step, String url, Path pmOut, boolean toLog) {
        String event = "pm_" + step.action().name().toLowerCase(java.util.Locale.ROOT);
        if (toLog) {
            String line = "event=" + event + " url=" + url + (step.pid() == null ? "" : " pid=" + step.pid())
                    + (step.tookMs() == null ? "" : " took_ms=" + step.tookMs()) + " detail=\"" + step.detail() + "\"";
            switch (step.action()) {
                case CONFLICT, START_FAILED, UNRESPONSIVE -> log.warn(line);
                default -> log.info(line);
            }
        }
        String pid = step.pid() == null ? "" : " (pid " + step.pid() + ")";
        String text = switch (step.action()) {
            case UP -> "PM is up" + pid;
            case STARTED -> "nothing answered on " + url + ": started PM" + pid + ", output in " + pmOut;
            case STARTING -> "PM is starting" + pid;
            case READY -> "PM answers" + pid + " after " + step.tookMs() + " ms";
            case START_FAILED -> "PM start failed" + pid + ": " + step.detail() + "; see " + pmOut;
            case BACKOFF -> "PM is down; " + step.detail();
            case CONFLICT -> "CONFLICT: " + url + " is held by something that is not PM (" + step.detail()
                    + "); not starting PM";
            case UNRESPONSIVE -> "PM" + pid + " " + step.detail() + "; left alone";
        };
        out.println(now() + " watchdog: " + text);
        out.flush();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static String pmUrl(PmConfig pm) {
        String host = pm.bind().equals("0.0.0.0") || pm.bind().equals("::") ? "127.0.0.1" : pm.bind();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + pm.port();
    }
}
