package pog.sim;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives an exchange's price feed in real time: calls {@link Exchange#advance()} every tick on one daemon thread.
 * The exchange decides what is due from its clock, so a late or skipped wake-up never changes the series.
 */
public final class FeedRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FeedRunner.class);

    private final Exchange exchange;
    private final ScheduledExecutorService scheduler;

    private FeedRunner(Exchange exchange) {
        this.exchange = exchange;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-feed");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts stepping {@code exchange} every {@code tickMillis} of wall time. */
    public static FeedRunner start(Exchange exchange) {
        FeedRunner runner = new FeedRunner(exchange);
        long tick = exchange.config().tickMillis();
        runner.scheduler.scheduleAtFixedRate(runner::tick, 0, tick, TimeUnit.MILLISECONDS);
        log.info("event=feed_runner_started tickMillis={}", tick);
        return runner;
    }

    private void tick() {
        try {
            exchange.advance();
        } catch (RuntimeException e) {
            // A failed step is retried on the next tick; letting it escape would cancel the schedule for good.
            log.warn("event=feed_step_failed error={}", e.toString());
        }
    }

    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("event=feed_runner_stopped");
    }
}
