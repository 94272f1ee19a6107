package pog.trader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.auth.ControlToken;
import pog.common.fs.DirLock;
import pog.common.http.HttpService;
import pog.trader.api.Identity;
import pog.trader.api.TraderApi;
import pog.trader.config.TraderConfig;
import pog.trader.engine.Engine;
import pog.trader.journal.Journal;
import pog.trader.risk.RiskManager;
import pog.trader.strategy.EmaTrend;
import pog.venue.Venue;

import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running trader: lock, journal, venue, engine, API, in that order, and the reverse on the way out. Closing it
 * stops trading and serving; positions and their stops stay on the venue.
 */
public final class TraderService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TraderService.class);

    private final TraderConfig config;
    private final Identity identity;
    private final DirLock lock;
    private final Journal journal;
    private final Venue venue;
    private final Engine engine;
    private final HttpService http;
    private final TraderApi api;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();

    private TraderService(TraderConfig config, Identity identity, DirLock lock, Journal journal, Venue venue,
                          Engine engine, HttpService http, TraderApi api) {
        this.config = config;
        this.identity = identity;
        this.lock = lock;
        this.journal = journal;
        this.venue = venue;
        this.engine = engine;
        this.http = http;
        this.api = api;
    }

    /**
     * Starts a trader. Throws {@link DirLock.LockedException} when another instance owns the data dir and
     * {@link java.net.BindException} when the port is taken, in both cases before touching the venue.
     */
    public static TraderService start(TraderConfig config, String version, ControlToken token, Clock clock)
            throws IOException {
        long startedAt = clock.millis();
        DirLock lock = DirLock.acquire(config.dataDir());
        try {
            // a busy port must fail before anything touches the venue; the real bind below still fails cleanly if
            // someone takes the port in between
            HttpService.requirePortFree(config.bind(), config.port());
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        Journal journal = null;
        Venue venue = null;
        Engine engine = null;
        HttpService http = null;
        try {
            journal = Journal.open(VenueFactory.journalFile(config));
            venue = VenueFactory.open(config, clock);
            Identity identity = new Identity(config.service(), UUID.randomUUID().toString(),
                    ProcessHandle.current().pid(), version, venue.name(), venue.accountId(), startedAt);
            TraderService[] self = new TraderService[1];
            TraderApi[] api = new TraderApi[1];
            engine = new Engine(config.service(), venue, journal,
                    new EmaTrend(config.strategy().fastPeriod(), config.strategy().slowPeriod(),
                            config.strategy().minSpreadBps()),
                    new RiskManager(config.risk()), clock, config.loopMillis(), config.strategy().barMillis(),
                    config.strategy().symbols(), s -> {
                        if (api[0] != null) {
                            api[0].onSnapshot(s);
                        }
                    });
            api[0] = new TraderApi(identity, engine, journal, clock, config.loopMillis(), () -> self[0].requestStop("api"));
            http = api[0].start(config.bind(), config.port(), token);
            engine.reconcile();
            engine.start();
            journal.event(clock.millis(), "started", "instance " + identity.instance() + " pid " + identity.pid());
            RunFile.write(config.dataDir(), identity, http.port());
            log.info("event=started service={} instance={} pid={} venue={} account={} port={} data_dir={} token_source=\"{}\"",
                    identity.service(), identity.instance(), identity.pid(), identity.venue(), identity.account(),
                    http.port(), config.dataDir(), token.source());
            self[0] = new TraderService(config, identity, lock, journal, venue, engine, http, api[0]);
            return self[0];
        } catch (IOException | RuntimeException e) {
            closeQuietly(http, engine, venue, journal);
            lock.close();
            throw e;
        }
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

    public void awaitStopRequest() throws InterruptedException {
        stopRequested.await();
    }

    /** Stops opening positions, flushes the journal, releases the lock. Positions and stops stay on the venue. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        int positions = engine.snapshot().positions().size();
        engine.close();
        try {
            journal.event(System.currentTimeMillis(), "stopped", positions + " position(s) left on the venue with their stops");
        } catch (RuntimeException e) {
            log.warn("event=journal_write_failed error={}", e.toString());
        }
        http.close();
        api.close();
        RunFile.delete(config.dataDir());
        closeQuietly(null, null, venue, journal);
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("event=unlock_failed error={}", e.toString());
        }
        log.info("event=stopped service={} positions_left={}", config.service(), positions);
    }

    private static void closeQuietly(HttpService http, Engine engine, Venue venue, Journal journal) {
        if (http != null) {
            http.close();
        }
        if (engine != null) {
            engine.close();
        }
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
