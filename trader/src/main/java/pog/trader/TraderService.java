package pog.trader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.auth.ControlToken;
import pog.common.fs.DirLock;
import pog.common.http.HttpService;
import pog.trader.alerts.TraderAlerts;
import pog.trader.api.Identity;
import pog.trader.api.TraderApi;
import pog.trader.config.TraderConfig;
import pog.trader.engine.Engine;
import pog.trader.engine.HealthChecks;
import pog.trader.engine.VenueWorker;
import pog.trader.journal.DamagedJournalException;
import pog.trader.journal.Journal;
import pog.trader.ownership.Ownership;
import pog.trader.alerts.OwnershipAlerts;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.Strategies;
import pog.venue.Venue;
import pog.venue.VenueException;
import pog.venue.spi.VenueProvider;
import pog.venue.spi.VenueProviders;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running trader: lock, journal, venue, engine, API, in that order, and the reverse on the way out. Closing it
 * stops trading and serving; positions and their stops stay on the venue.
 */
public final class TraderService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TraderService.class);

    private final TraderConfig config;
    private final VenueProviders venues;
    private final Identity identity;
    private final DirLock lock;
    private final Journal journal;
    private final HttpService http;
    private final TraderApi api;
    private final Clock clock;
    private volatile Venue venue;
    private volatile Engine engine;
    private volatile TraderAlerts alerts;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final Ownership ownership;
    /** 0, or 4 once another trader was found writing to the account (the process exits with it). */
    private volatile int exitCode;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TraderService(TraderConfig config, VenueProviders venues, Identity identity, DirLock lock, Journal journal,
                          HttpService http, TraderApi api, Clock clock, Ownership ownership) {
        this.ownership = ownership;
        this.config = config;
        this.venues = venues;
        this.identity = identity;
        this.lock = lock;
        this.journal = journal;
        this.http = http;
        this.api = api;
        this.clock = clock;
    }

    /** Opens and connects: returns a trader that is reconciled and trading (what tests and tools want). */
    public static TraderService start(TraderConfig config, VenueProviders venues, String version, ControlToken token,
                                      Clock clock) throws IOException, InterruptedException {
        TraderService service = open(config, venues, version, token, clock);
        try {
            service.connect(System.getenv());
            return service;
        } catch (IOException | RuntimeException | InterruptedException e) {
            service.close();
            throw e;
        }
    }

    /**
     * Takes the state dir, opens the journal and serves the API, without touching the venue yet. Throws
     * {@link DirLock.LockedException} when another instance owns the data dir and {@link java.net.BindException}
     * when the port is taken, and {@link pog.venue.spi.VenueKeyException} when the venue's key cannot be used.
     * Until {@link #connect} succeeds, /api/health answers "degraded" and says why.
     *
     * @param venues the venues this process knows; the one {@code config.venue()} names is described now and opened
     *               by {@link #connect}
     */
    public static TraderService open(TraderConfig config, VenueProviders venues, String version, ControlToken token,
                                     Clock clock) throws IOException {
        return open(config, venues, version, token, clock, false);
    }

    /**
     * {@link #open(TraderConfig, VenueProviders, String, ControlToken, Clock)}, and with {@code takeOver} the
     * operator's {@code --take-over}: orders of other epochs found on the account at start are adopted as this
     * trader's own (never those of a writer active since this start).
     */
    public static TraderService open(TraderConfig config, VenueProviders venues, String version, ControlToken token,
                                     Clock clock, boolean takeOver) throws IOException {
        long startedAt = clock.millis();
        DirLock lock = DirLock.acquire(config.dataDir());
        Journal journal = null;
        HttpService http = null;
        try {
            HttpService.requirePortFree(config.bind(), config.port());
            VenueProvider.Description venue = venues.describe(config.venue(), System.getenv());
            try {
                journal = Journal.open(config.dataDir().resolve("journal.db"));
            } catch (DamagedJournalException e) {
                log.error("event=journal_damaged file={} problem=\"{}\" changed=false", e.file(), e.problem());
                throw e;
            }
            Ownership ownership = Ownership.start(journal, clock, takeOver);
            Identity identity = new Identity(config.service(), UUID.randomUUID().toString(),
                    ProcessHandle.current().pid(), version, venue.venue(), venue.account(), startedAt);
            TraderService[] self = new TraderService[1];
            TraderApi api = new TraderApi(identity, journal, clock, config.loopMillis(), bounds(config),
                    by -> self[0].requestStop(by));
            HttpService.Builder front = HttpService.builder();
            String reading = "loopback only";
            if (config.tls() != null) {
                front.tls(config.tls().certFile(), config.tls().keyFile());
            }
            if (config.remoteReachable()) {
                // other hosts read only with the read token; loopback (a local probe, PM on this host) reads without
                ControlToken readToken = ControlToken.resolve(Map.of(), config.readTokenFile());
                if (readToken.reveal().equals(token.reveal())) {
                    throw new IOException(config.readTokenFile() + ": the read token must differ from the control token");
                }
                front.readToken(readToken);
                reading = "read token from " + config.readTokenFile();
            }
            http = api.start(front, config.bind(), config.port(), token, config.hostNames());
            self[0] = new TraderService(config, venues, identity, lock, journal, http, api, clock, ownership);
            api.ownership(ownership);
            TraderService service = self[0];
            ownership.onMustExit(detail -> service.accountHeld(detail));
            RunFile.write(config.dataDir(), identity, http.port());
            try {
                self[0].alerts = TraderAlerts.start(config.alerts(), config.service(), config.dataDir(), api,
                        journal, clock);
                if (self[0].alerts != null) {
                    pog.alerts.Notifier notifier = self[0].alerts.notifier();
                    ownership.onChange(v -> OwnershipAlerts.tell(notifier, config.service(), v));
                }
            } catch (IOException e) {
                // alerts tell a person; they never stop a trader from trading and protecting
                log.error("event=alerts_unavailable service={} error=\"{}\"", config.service(), e.getMessage());
            }
            log.info("event=serving service={} instance={} pid={} venue={} account={} port={} data_dir={} "
                            + "host_names={} token_source=\"{}\" tls={} reading=\"{}\"", identity.service(), identity.instance(),
                    identity.pid(), identity.venue(), identity.account(), http.port(), config.dataDir(),
                    config.hostNames().isEmpty() ? "-" : String.join(",", config.hostNames()), token.source(),
                    config.tls() != null, reading);
            return self[0];
        } catch (IOException | RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (journal != null) {
                journal.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Connects to the venue, reconciles and starts trading. A venue that cannot be reached is retried with
     * backoff (1 s doubling to 30 s) for as long as it takes, the API saying why meanwhile; a stop request ends
     * the wait. A refusal that retrying cannot fix (bad key, unknown symbol) is thrown.
     */
    public void connect(Map<String, String> env) throws IOException, InterruptedException {
        long backoff = 1_000;
        int attempt = 0;
        while (stopRequested.getCount() > 0) {
            attempt++;
            Venue opened = null;
            Engine created = null;
            try {
                opened = venues.open(config.venue(), config.dataDir(), env, clock);
                if (!opened.accountId().equalsIgnoreCase(identity.account())) {
                    log.warn("event=account_mismatch configured={} venue={}", identity.account(), opened.accountId());
                }
                created = newEngine(opened);
                created.onFatal(this::internalError);
                // protection first: the decision thread runs, reconciles and protects before the strategy is asked
                // anything; health answers meanwhile (check "startup") and says why when it cannot finish
                created.start();
                api.attach(created);
                created.beginReconcile();
                Engine.ReconcileReport report = null;
                while (report == null) {
                    if (stopRequested.getCount() == 0) {
                        created.close();
                        opened.close();
                        return;
                    }
                    report = created.awaitStartup(250);
                }
                venue = opened;
                engine = created;
                try {
                    journal.event(clock.millis(), "started", "instance " + identity.instance() + " pid " + identity.pid());
                } catch (Journal.JournalException e) {
                    // the engine reports the journal in health and keeps protecting; starting is not the moment to stop
                    log.warn("event=journal_write_failed what=started reason=\"{}\"", e.reason());
                }
                log.info("event=started service={} instance={} attempts={} strategy=\"{}\" positions={} unprotected={}",
                        identity.service(), identity.instance(), attempt, created.strategyDescription(),
                        report.positions(), report.unprotected());
                return;
            } catch (VenueException | IllegalStateException e) {
                if (created != null) {
                    created.close();
                }
                if (opened != null) {
                    opened.close();
                }
                if (!(e instanceof VenueException ve) || !ve.retryable()) {
                    throw e;
                }
                api.venueDown(e.getMessage());
                log.warn("event=venue_unreachable_at_start attempt={} retry_in_ms={} error=\"{}\"", attempt, backoff,
                        e.getMessage());
                if (stopRequested.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
                backoff = Math.min(backoff * 2, 30_000);
            }
        }
    }

    private Engine newEngine(Venue v) {
        Engine e = new Engine(config.service(), v, journal,
                Strategies.create(config.strategy(), clock),
                new RiskManager(config.risk()), clock, config.loopMillis(), config.strategy().barMillis(),
                config.strategy().symbols(), api::onSnapshot, VenueWorker.threads(clock),
                config.health().streamSilenceMs(), ownership);
        e.barSource(config.strategy().barSource());
        return e;
    }

    /**
     * Another trader is writing to this venue account and was there first: this one stops at once (it wrote
     * nothing since it saw that writer) and the process exits with {@link #ACCOUNT_HELD}.
     */
    private void accountHeld(String detail) {
        exitCode = ACCOUNT_HELD;
        log.error("event=exiting reason=account_held exit_code={} detail=\"{}\"", ACCOUNT_HELD, detail);
        requestStop("account held by another trader");
    }

    /** The exit code {@code pog trader} ends with: 4 when another trader holds the account. */
    public static final int ACCOUNT_HELD = 4;

    /**
     * The exit code after an {@link Error} on the decision thread (EX_SOFTWARE): stopped so that a supervisor starts
     * a fresh process, which reconciles and protects first.
     */
    public static final int INTERNAL_ERROR = 70;

    /** How long a stop after an internal error may take before the process is halted. */
    static final long FATAL_STOP_MILLIS = 10_000;

    private void internalError(Error e) {
        exitCode = INTERNAL_ERROR;
        requestStop("internal error: " + e);
        // the broken JVM may not manage a graceful stop: end it regardless, so the supervisor can restart
        Thread halt = new Thread(() -> {
            try {
                Thread.sleep(FATAL_STOP_MILLIS);
            } catch (InterruptedException ignored) {
                return;
            }
            Runtime.getRuntime().halt(INTERNAL_ERROR);
        }, "fatal-halt");
        halt.setDaemon(true);
        halt.start();
    }

    /** 0, {@link #ACCOUNT_HELD} or {@link #INTERNAL_ERROR}. */
    public int exitCode() {
        return exitCode;
    }

    public Ownership ownership() {
        return ownership;
    }

    private static HealthChecks.Bounds bounds(TraderConfig config) {
        var h = config.health();
        return new HealthChecks.Bounds(h.loopStaleMs(), h.venueSlowMs(), h.venueErrorRate(),
                HealthChecks.Bounds.DEFAULTS.minCalls(), h.streamSilenceMs());
    }

    public int port() {
        return http.port();
    }

    public Identity identity() {
        return identity;
    }

    public Engine engine() {
        return engine;
    }

    /** Asks the service to stop; {@link #awaitStopRequest()} returns. */
    public void requestStop(String by) {
        log.info("event=stop_requested by={}", by);
        stopRequested.countDown();
    }

    /** True once a stop was asked for (signal, API). */
    public boolean stopRequested() {
        return stopRequested.getCount() == 0;
    }

    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    /** Stops opening positions, flushes the journal, releases the lock. Positions and stops stay on the venue. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int positions = engine == null ? 0 : engine.snapshot().positions().size();
        if (engine != null) {
            engine.close();
        }
        try {
            journal.event(clock.millis(), "stopped", positions + " position(s) left on the venue with their stops");
        } catch (RuntimeException e) {
            log.warn("event=journal_write_failed what=stopped reason=\"{}\"",
                    e instanceof Journal.JournalException je ? je.reason() : e.toString());
        }
        http.close();
        api.close();
        if (alerts != null) {
            alerts.close();
        }
        RunFile.delete(config.dataDir());
        closeQuietly(venue, journal);
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("event=unlock_failed error={}", e.toString());
        }
        log.info("event=stopped service={} positions_left={}", config.service(), positions);
    }

    private static void closeQuietly(Venue venue, Journal journal) {
        if (venue != null) {
            try {
                venue.close();
            } catch (RuntimeException e) {
                log.warn("event=venue_close_failed error={}", e.toString());
            }
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (RuntimeException e) {
                log.warn("event=journal_close_failed error={}", e.toString());
            }
        }
    }
}
