package pog.pm.portfolio;

import pog.contract.AccountView;
import pog.contract.PositionView;
import pog.pm.client.TraderClient;
import pog.pm.config.MonitorConfig;
import pog.pm.registry.Registry;
import pog.pm.registry.ServiceEntry;
import pog.pm.registry.ServiceState;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import static pog.pm.portfolio.PortfolioView.Protection.VERIFIED;

/**
 * Polls positions and account of every answering trader and builds the portfolio. A snapshot is current only while
 * the trader answers and the snapshot is younger than the staleness bound; otherwise it is shown as stale/unknown.
 */
public final class PortfolioTracker {
    private final Registry registry;
    private final TraderClient client;
    private final MonitorConfig config;
    private final Clock clock;
    private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();
    /**
     * When PM first saw each position (service/symbol/side) without a verified stop, PM's clock; gone once it is
     * verified again or closed. Only for positions never verified: the others count from their last verification.
     */
    private final Map<String, Long> notVerifiedSince = new ConcurrentHashMap<>();

    /**
     * The trader contract's bound on {@code pending} (a stop request awaiting the venue's answer): beyond it PM counts
     * the position as unprotected, since a pending that does not end is a stop that may never come.
     */
    public static final long PENDING_BOUND_MS = 2_000;

    /**
     * The last successful fetch of one trader, stamped with PM's time of fetching: the account at {@code fetchedAt},
     * the positions at {@code positionsAt} (they are fetched only while someone looks, see {@link #poll(boolean)}).
     */
    record Snapshot(List<PositionView> positions, long positionsAt, AccountView account, long fetchedAt) {
    }

    /** When the portfolio was last shown to anyone (API, metrics scrape, stream); -1: never. */
    private volatile long lastRead = -1;

    public PortfolioTracker(Registry registry, TraderClient client, MonitorConfig config, Clock clock) {
        this.registry = registry;
        this.client = client;
        this.config = config;
        this.clock = clock;
    }

    /** Fetches positions and account of every answering trader concurrently. */
    public CompletableFuture<Void> poll() {
        return poll(true);
    }

    /** True when the portfolio was shown to someone within the last {@code ms}. */
    public boolean readWithin(long ms) {
        long r = lastRead;
        return r >= 0 && clock.millis() - r <= ms;
    }

    /**
     * Fetches every answering trader concurrently; completes when all have answered or failed.
     * @param withPositions false: only the account (equity for the history), when nobody looks at positions
     */
    public CompletableFuture<Void> poll(boolean withPositions) {
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (ServiceEntry e : registry.all()) {
            ServiceState state;
            synchronized (e) {
                state = e.state();
            }
            if (!state.answering()) {
                continue;
            }
            String url = e.config().baseUrl();
            CompletableFuture<List<PositionView>> positions = withPositions ? client.positions(url)
                    : CompletableFuture.completedFuture(null);
            CompletableFuture<AccountView> account = client.account(url);
            all.add(positions.thenCombine(account, (p, a) -> {
                long now = clock.millis();
                if (p != null) {
                    sighted(e.id(), p, now);
                }
                Snapshot before = snapshots.get(e.id());
                snapshots.put(e.id(), p != null ? new Snapshot(List.copyOf(p), now, a, now)
                        : new Snapshot(before == null ? List.of() : before.positions(),
                        before == null ? -1 : before.positionsAt(), a, now));
                return null;
            }).exceptionally(err -> null));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Notes when each of a trader's positions was first seen without a verified stop; forgets the rest. */
    private void sighted(String service, List<PositionView> positions, long now) {
        java.util.Set<String> notVerified = new java.util.HashSet<>();
        for (PositionView p : positions) {
            if (!VERIFIED.equals(state(p))) {
                String key = key(service, p);
                notVerified.add(key);
                notVerifiedSince.putIfAbsent(key, now);
            }
        }
        notVerifiedSince.keySet().removeIf(k -> k.startsWith(service + "/") && !notVerified.contains(k));
    }

    private static String key(String service, PositionView p) {
        return service + "/" + p.symbol() + "/" + p.side();
    }

    /** The trader's protection state; a trader older than the field said only {@code protected}. */
    private static String state(PositionView p) {
        if (p.protection() != null && p.protection().state() != null) {
            return p.protection().state();
        }
        return p.protectedByStop() ? VERIFIED : PortfolioView.Protection.MISSING;
    }

    private PortfolioView.Protection protection(String service, PositionView p, long observedAt, long now) {
        String state = state(p);
        PositionView.Protection t = p.protection();
        Long verifiedAt = t != null ? t.verifiedAt() : p.protectedByStop() ? Long.valueOf(observedAt) : null;
        Long verifiedAge = verifiedAt == null ? null : Math.max(0, now - verifiedAt);
        if (VERIFIED.equals(state)) {
            return new PortfolioView.Protection(state, t == null ? null : t.stopOrderId(),
                    t == null ? p.stopPrice() : t.triggerPrice(), verifiedAt, verifiedAge, false, null, null);
        }
        Long firstSeen = notVerifiedSince.get(key(service, p));
        Long since = verifiedAt != null ? verifiedAt : firstSeen != null ? firstSeen : Long.valueOf(observedAt);
        long forMs = Math.max(0, now - since);
        // pending is a stop on its way: not yet protection, but not naked either, until it outlasts its bound
        boolean unprotected = !PortfolioView.Protection.PENDING.equals(state) || forMs > PENDING_BOUND_MS;
        return new PortfolioView.Protection(state, t == null ? null : t.stopOrderId(),
                t == null ? p.stopPrice() : t.triggerPrice(), verifiedAt, verifiedAge, unprotected, since, forMs);
    }

    /** The portfolio as shown to someone: also marks that someone looks, so positions are fetched again. */
    public PortfolioView view() {
        boolean cold = !readWithin(2 * config.staleAfterMs());
        lastRead = clock.millis();
        if (cold) {
            // nobody looked for a while, so positions were not fetched: fetch them before answering (bounded)
            try {
                poll(true).get(config.timeoutMs() + 500, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // what did not arrive shows as stale, as always
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return snapshot();
    }

    /** The portfolio for PM's own use (change detection, equity samples): not a sign that anyone looks. */
    public PortfolioView snapshot() {
        long now = clock.millis();
        List<PortfolioView.TraderEquity> traders = new ArrayList<>();
        List<PortfolioView.Position> positions = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        BigDecimal known = BigDecimal.ZERO;
        int unprotected = 0;
        long oldest = 0;
        for (ServiceEntry e : registry.all()) {
            ServiceState state;
            String venue;
            synchronized (e) {
                state = e.state();
                venue = e.venue();
            }
            Snapshot snap = snapshots.get(e.id());
            boolean fresh = snap != null && state.answering() && now - snap.fetchedAt() <= config.staleAfterMs()
                    && snap.account() != null && snap.account().equity() != null;
            if (fresh) {
                AccountView a = snap.account();
                known = known.add(a.equity());
                traders.add(new PortfolioView.TraderEquity(e.id(), e.config().name(), venue, state.name(),
                        a.equity().toPlainString(), plain(a.marginUsed()), plain(a.available()),
                        a.observedAt() == null ? snap.fetchedAt() : a.observedAt(), false,
                        a.equity().toPlainString(), a.observedAt(), true));
            } else {
                unknown.add(e.id());
                AccountView a = snap == null ? null : snap.account();
                traders.add(new PortfolioView.TraderEquity(e.id(), e.config().name(), venue, state.name(),
                        PortfolioView.UNKNOWN, PortfolioView.UNKNOWN, PortfolioView.UNKNOWN,
                        a == null ? null : a.observedAt(), true,
                        a == null || a.equity() == null ? null : a.equity().toPlainString(),
                        a == null ? null : (a.observedAt() == null ? snap.fetchedAt() : a.observedAt()), false));
            }
            if (snap != null) {
                boolean positionsFresh = fresh && snap.positionsAt() >= 0
                        && now - snap.positionsAt() <= config.staleAfterMs();
                for (PositionView p : snap.positions()) {
                    long observedAt = p.observedAt() == null ? snap.positionsAt() : p.observedAt();
                    PortfolioView.Protection protection = protection(e.id(), p, observedAt, now);
                    positions.add(new PortfolioView.Position(e.id(), venue, p.symbol(), p.side(), p.size(),
                            p.entryPrice(), p.markPrice(), p.unrealizedPnl(), p.stopPrice(), p.protectedByStop(),
                            observedAt, !positionsFresh, protection));
                    // a stale report still counts: PM never assumes a stop came back that it did not see
                    if (protection.unprotected()) {
                        unprotected++;
                        oldest = Math.max(oldest, protection.unprotectedForMs());
                    }
                }
            }
        }
        boolean complete = unknown.isEmpty();
        PortfolioView.Total total = new PortfolioView.Total(complete ? known.toPlainString() : PortfolioView.UNKNOWN,
                known, complete, unknown);
        return new PortfolioView(now, total, traders, positions, unprotected, oldest);
    }

    private static String plain(BigDecimal v) {
        return v == null ? null : v.toPlainString();
    }
}
