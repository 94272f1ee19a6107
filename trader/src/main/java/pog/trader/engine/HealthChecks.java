package pog.trader.engine;

import pog.contract.Check;
import pog.trader.strategy.Strategy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health judgment: what each check says about an engine at one moment, and whose fault a failure is. The
 * trader's own liveness ({@code loop}, {@code journal}, {@code startup}) is judged apart from its venue's
 * ({@code venue}: latency, error rate, stream ages; {@code marketData}): a slow or failing venue reads as
 * {@code venue} failing with the reason, never as a dead loop. Measured at the moment of asking, never cached.
 */
public final class HealthChecks {
    /** Checks whose failure is the venue's, not the trader's. */
    public static final java.util.Set<String> VENUE_SIDE = java.util.Set.of("venue", "marketData");

    /**
     * @param loopStaleMs     the decision thread is stalled when it has not finished processing for this long
     * @param venueSlowMs     a venue call slower than this (or unanswered this long) makes the venue degraded
     * @param venueErrorRate  a share of failed venue calls over the last minute above this makes it degraded
     * @param minCalls        ... once at least this many calls ended in that minute
     * @param streamSilenceMs the mark stream, once it has spoken, is silent after this (reconnected, a REST read fills in)
     */
    public record Bounds(long loopStaleMs, long venueSlowMs, double venueErrorRate, int minCalls,
                         long streamSilenceMs) {
        public static final Bounds DEFAULTS = new Bounds(2_000, 1_000, 0.2, 5, 30_000);
    }

    private final Bounds bounds;
    private final long loopMillis;

    public HealthChecks(Bounds bounds, long loopMillis) {
        this.bounds = bounds;
        this.loopMillis = loopMillis;
    }

    public Bounds bounds() {
        return bounds;
    }

    /** The checks of a connected engine, in the order a person reads them. */
    public Map<String, Check> judge(Engine e, long now) {
        Snapshot s = e.snapshot();
        Map<String, Check> checks = new LinkedHashMap<>();
        checks.put("loop", loop(e.lastProcessedAt(), now));
        checks.put("venue", venue(s, e.venueStats(), e.readEveryMillis(), e.resyncFailure(), now));
        long dataBound = Math.max(3 * loopMillis, 5_000) + 10_000;
        checks.put("marketData", s.lastMarkAt() == 0 ? new Check(false, "no mark price yet", now)
                : age(now - s.lastMarkAt() <= dataBound, "last mark", now - s.lastMarkAt(), now));
        checks.put("protection", new Check(s.unprotected() == 0, s.unprotected() == 0
                ? s.positions().size() + " position(s), all protected"
                : s.unprotected() + " position(s) without a full stop", now));
        checks.put("journal", s.journalError() == null ? new Check(true, "writable", now)
                : new Check(false, "not writable (" + s.journalError() + ") for " + (now - s.journalFailingSince())
                        + " ms; opening nothing new, stops stay and are re-placed", now));
        Strategy.Status strategy = e.strategyStatus();
        checks.put("strategy", new Check(strategy.ok(), strategy.detail(), now));
        Engine.Startup startup = e.startup();
        checks.put("startup", new Check(startup.done(), "startup: " + startup.detail(), now));
        return checks;
    }

    Check loop(long lastProcessedAt, long now) {
        if (lastProcessedAt == 0) {
            return new Check(false, "starting: the decision thread has not run yet", now);
        }
        long age = Math.max(0, now - lastProcessedAt);
        return age <= bounds.loopStaleMs()
                ? new Check(true, "processed " + age + " ms ago", now, age, null, null, null)
                : new Check(false, "stalled: the decision thread last finished " + age + " ms ago (it finishes at least"
                + " every " + Math.min(loopMillis, Engine.MAX_PROCESS_INTERVAL_MILLIS) + " ms)", now, age, null, null,
                null);
    }

    Check venue(Snapshot s, VenueWorker.Stats v, long readEveryMillis, String resyncFailure, long now) {
        long venueStale = Math.max(3 * readEveryMillis, 5_000) + 10_000;
        Long latency = v.lastLatencyMs() < 0 ? null : v.lastLatencyMs();
        Double rate = v.calls() == 0 ? null : Math.round(v.errorRate() * 1000) / 1000.0;
        Map<String, Long> streams = v.streamAgeMs().isEmpty() ? null : v.streamAgeMs();
        java.util.List<String> why = new java.util.ArrayList<>();
        boolean down = false;
        if (s.lastVenueOkAt() == 0) {
            why.add(s.venueError() == null ? "not reached yet" : "unreachable: " + s.venueError());
            down = true;
        } else if (s.venueError() != null) {
            why.add("unreachable: " + s.venueError() + " (last ok " + (now - s.lastVenueOkAt()) + " ms ago)");
            down = true;
        } else if (now - s.lastVenueOkAt() > venueStale) {
            why.add("no successful read for " + (now - s.lastVenueOkAt()) + " ms");
        }
        if (latency != null && latency > bounds.venueSlowMs()) {
            why.add("slow: last call took " + latency + " ms (bound " + bounds.venueSlowMs() + ")");
        }
        if (v.oldestInFlightMs() > bounds.venueSlowMs()) {
            why.add("a call has waited " + v.oldestInFlightMs() + " ms for its answer");
        }
        if (v.calls() >= bounds.minCalls() && v.errorRate() > bounds.venueErrorRate()) {
            why.add(v.errors() + " of " + v.calls() + " calls failed in the last minute"
                    + (v.lastError() == null ? "" : " (last: " + v.lastError() + ")"));
        }
        Long marks = v.streamAgeMs().get("marks");
        if (marks != null && marks > bounds.streamSilenceMs()) {
            // the engine asks the venue to reconnect and resubscribe once per silence, and reads REST meanwhile
            why.add("mark stream silent for " + marks + " ms (" + (resyncFailure == null
                    ? "reconnecting and resubscribing" : "reconnecting failed: " + resyncFailure)
                    + "; REST snapshots fill the gap meanwhile)");
        }
        String numbers = "latency " + (latency == null ? "-" : latency + " ms") + ", errors "
                + (rate == null ? "-" : Math.round(rate * 100) + "%");
        if (v.maxPacedMs() > 0) {
            // the trader's own request budget, not the venue: said, never blamed on the venue
            numbers += ", own request budget paced calls up to " + v.maxPacedMs() + " ms in the last minute";
        }
        if (why.isEmpty()) {
            return new Check(true, "ok: " + numbers + "; last ok " + (now - s.lastVenueOkAt()) + " ms ago", now, null,
                    latency, rate, streams);
        }
        return new Check(false, (down ? "" : "degraded: ") + String.join("; ", why) + " (" + numbers
                + "); the trader is alive and keeps protecting", now, null, latency, rate, streams);
    }

    private static Check age(boolean ok, String what, long ageMillis, long now) {
        return new Check(ok, what + " " + ageMillis + " ms ago", now);
    }

    /**
     * {@code degraded} when any check fails, then {@code halted}, {@code paused}, {@code ok} (the contract's words).
     */
    public static String status(Map<String, Check> checks, Snapshot s) {
        boolean allOk = checks.values().stream().allMatch(Check::ok);
        return !allOk ? "degraded" : s.haltReason() != null ? "halted" : s.paused() ? "paused" : "ok";
    }
}
