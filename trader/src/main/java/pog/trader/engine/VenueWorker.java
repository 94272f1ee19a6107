package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.net.Pacing;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Where venue calls run, so that the decision thread never waits on the venue. Two lanes: reads (the periodic
 * snapshot) and writes (place, cancel), so a stop never queues behind a slow read. Every answer, or failure, comes
 * back to the decision thread through {@code post}. It measures what health reports about the venue: the latency of
 * each call, the error rate over a window, calls that overran their deadline, and the age of each push stream.
 *
 * <p>A call's latency is the venue's time only: what the client spent waiting on its own request budget
 * ({@link Pacing}) is left out and reported apart, since that wait is this trader pacing itself, not the venue being
 * slow.
 *
 * <p>{@link #inline} runs each call on the caller (tests, replay): the same code path, with time only what the clock
 * says.
 */
public final class VenueWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VenueWorker.class);
    /** The window the error rate is counted over. */
    static final long WINDOW_MILLIS = 60_000;

    private final Clock clock;
    private final ExecutorService reads;
    private final ExecutorService writes;
    private volatile Consumer<Runnable> post = Runnable::run;
    private final Object lock = new Object();
    /** (time, ok, latency, paced) of the calls that ended in the window, oldest first. */
    private final Deque<long[]> outcomes = new ArrayDeque<>();
    /** Calls under way: when each began, and the lane thread running it. */
    private final Map<Long, Call> inFlight = new ConcurrentHashMap<>();

    private record Call(long startedAt, Thread thread, Pacing pacing) {
        /** How long it has waited for the venue (its own pacing left out). */
        long waitingMillis(long now) {
            return Math.max(0, now - startedAt - pacing.pacedMillis());
        }
    }
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Long> streams = new ConcurrentHashMap<>();
    private volatile long lastLatencyMs = -1;
    private volatile long lastPacedMs;
    private volatile String lastError;

    private VenueWorker(Clock clock, ExecutorService reads, ExecutorService writes) {
        this.clock = clock;
        this.reads = reads;
        this.writes = writes;
    }

    /** Calls run on the caller's thread. */
    public static VenueWorker inline(Clock clock) {
        return new VenueWorker(clock, null, null);
    }

    /** Calls run on two daemon threads of their own, {@code venue-read} and {@code venue-write}. */
    public static VenueWorker threads(Clock clock) {
        return new VenueWorker(clock, single("venue-read"), single("venue-write"));
    }

    private static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Where answers go: the engine's decision thread. */
    void answersTo(Consumer<Runnable> post) {
        this.post = post;
    }

    public boolean isInline() {
        return reads == null;
    }

    /** A read; its answer (or failure) is handed to {@code done} on the decision thread. */
    public <T> void read(Supplier<T> call, BiConsumer<T, RuntimeException> done) {
        run(reads, call, done);
    }

    /** A write; its answer (or failure) is handed to {@code done} on the decision thread. */
    public <T> void write(Supplier<T> call, BiConsumer<T, RuntimeException> done) {
        run(writes, call, done);
    }

    /**
     * A read whose caller waits (not the decision thread: an API thread that wants one last look at the venue).
     * Fails after {@code timeoutMillis}.
     */
    public <T> T readAndWait(Supplier<T> call, long timeoutMillis) {
        if (reads == null) {
            return timed(call);
        }
        Future<T> f = reads.submit(() -> timed(call));
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            f.cancel(true);
            throw pog.venue.VenueException.unavailable("no answer within " + timeoutMillis + " ms", null);
        }
    }

    private <T> void run(ExecutorService lane, Supplier<T> call, BiConsumer<T, RuntimeException> done) {
        Runnable job = () -> {
            T value = null;
            RuntimeException failure = null;
            try {
                value = timed(call);
            } catch (RuntimeException e) {
                failure = e;
            }
            T v = value;
            RuntimeException f = failure;
            post.accept(() -> done.accept(v, f));
        };
        if (lane == null) {
            job.run();
        } else {
            try {
                lane.execute(job);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                log.debug("event=venue_call_dropped reason=\"closing\"");
            }
        }
    }

    private <T> T timed(Supplier<T> call) {
        long id = ids.incrementAndGet();
        Pacing pacing = Pacing.current();
        pacing.reset();
        long start = clock.millis();
        inFlight.put(id, new Call(start, Thread.currentThread(), pacing));
        try {
            T value = call.get();
            outcome(start, pacing.pacedMillis(), true, null);
            return value;
        } catch (RuntimeException e) {
            outcome(start, pacing.pacedMillis(), false, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        } finally {
            Call c = inFlight.remove(id);
            if (c != null && reads != null) {
                synchronized (c) {
                    // an interrupt meant for this call must not reach the next one on this lane
                    Thread.interrupted();
                }
            }
        }
    }

    private void outcome(long start, long paced, boolean ok, String error) {
        long now = clock.millis();
        long latency = Math.max(0, now - start - paced);
        lastLatencyMs = latency;
        lastPacedMs = paced;
        if (!ok) {
            lastError = error;
        }
        synchronized (lock) {
            outcomes.addLast(new long[]{now, ok ? 1 : 0, latency, paced});
            trim(now);
        }
    }

    private void trim(long now) {
        while (!outcomes.isEmpty() && (outcomes.peekFirst()[0] < now - WINDOW_MILLIS || outcomes.size() > 1_000)) {
            outcomes.removeFirst();
        }
    }

    /**
     * Interrupts every call that has run longer than {@code deadlineMillis}: its lane is free again and the call
     * fails (its outcome unknown; an order stays pending and is resolved by its client id). Inline calls are the
     * caller's own and are left alone.
     */
    public void interruptOverdue(long deadlineMillis) {
        if (reads == null) {
            return;
        }
        long now = clock.millis();
        inFlight.forEach((id, c) -> {
            if (now - c.startedAt() > deadlineMillis) {
                synchronized (c) {
                    if (inFlight.get(id) == c) {
                        log.warn("event=venue_call_overdue running_ms={} action=interrupt", now - c.startedAt());
                        c.thread().interrupt();
                    }
                }
            }
        });
    }

    /** A push arrived on this stream (marks, orders, fills). Any thread. */
    public void streamSpoke(String stream) {
        streams.put(stream, clock.millis());
    }

    /** What the venue looks like from here, now. */
    public Stats stats() {
        long now = clock.millis();
        int calls;
        int errors;
        long maxLatency = 0;
        long maxPaced = 0;
        synchronized (lock) {
            trim(now);
            calls = outcomes.size();
            int e = 0;
            for (long[] o : outcomes) {
                e += o[1] == 0 ? 1 : 0;
                maxLatency = Math.max(maxLatency, o[2]);
                maxPaced = Math.max(maxPaced, o[3]);
            }
            errors = e;
        }
        long oldest = 0;
        for (Call c : inFlight.values()) {
            oldest = Math.max(oldest, c.waitingMillis(now));
        }
        Map<String, Long> ages = new LinkedHashMap<>();
        new java.util.TreeMap<>(streams).forEach((name, at) -> ages.put(name, Math.max(0, now - at)));
        return new Stats(lastLatencyMs, maxLatency, calls, errors, oldest, inFlight.size(), lastError, ages,
                lastPacedMs, maxPaced);
    }

    /**
     * @param lastLatencyMs    the latest call's latency, the venue's time only (-1: none yet)
     * @param maxLatencyMs     the slowest call in the window
     * @param calls            calls that ended in the window
     * @param errors           of which failed
     * @param oldestInFlightMs how long the oldest unanswered call has been waiting (0: none)
     * @param streamAgeMs      per push stream, the time since its last message
     * @param lastPacedMs      how long the latest call waited on the client's own request budget
     * @param maxPacedMs       the longest such wait in the window
     */
    public record Stats(long lastLatencyMs, long maxLatencyMs, int calls, int errors, long oldestInFlightMs,
                        int inFlight, String lastError, Map<String, Long> streamAgeMs, long lastPacedMs,
                        long maxPacedMs) {
        public double errorRate() {
            return calls == 0 ? 0 : (double) errors / calls;
        }
    }

    @Override
    public void close() {
        if (reads != null) {
            reads.shutdownNow();
            writes.shutdownNow();
        }
    }
}
