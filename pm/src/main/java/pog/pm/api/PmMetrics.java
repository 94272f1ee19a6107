package pog.pm.api;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import pog.pm.portfolio.PortfolioTracker;
import pog.pm.portfolio.PortfolioView;
import pog.pm.registry.Registry;
import pog.pm.registry.ServiceEntry;
import pog.pm.registry.ServiceState;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/** Metrics read at scrape time from what PM measured, so /metrics never shows a number PM does not hold now. */
public final class PmMetrics {
    private final PrometheusRegistry prometheus = new PrometheusRegistry();

    public PmMetrics(Registry registry, PortfolioTracker portfolio) {
        GaugeWithCallback.builder().name("pog_pm_service_state")
                .help("1 for the state each service is in now, 0 for the others")
                .labelNames("service", "state")
                .callback(cb -> {
                    for (ServiceEntry e : registry.all()) {
                        ServiceState now;
                        synchronized (e) {
                            now = e.state();
                        }
                        for (ServiceState s : ServiceState.values()) {
                            cb.call(s == now ? 1 : 0, e.id(), s.name());
                        }
                    }
                }).register(prometheus);
        GaugeWithCallback.builder().name("pog_pm_check_latency_seconds")
                .help("Latency of the last successful health check of each service")
                .labelNames("service")
                .callback(cb -> {
                    for (ServiceEntry e : registry.all()) {
                        Long ms;
                        synchronized (e) {
                            ms = e.health().latencyMs();
                        }
                        if (ms != null) {
                            cb.call(ms / 1000.0, e.id());
                        }
                    }
                }).register(prometheus);
        GaugeWithCallback.builder().name("pog_pm_consecutive_failures")
                .help("Consecutive failed health checks of each service")
                .labelNames("service")
                .callback(cb -> {
                    for (ServiceEntry e : registry.all()) {
                        synchronized (e) {
                            cb.call(e.health().consecutiveFailures(), e.id());
                        }
                    }
                }).register(prometheus);
        CounterWithCallback.builder().name("pog_pm_restarts")
                .help("Automatic restarts of each service since PM started")
                .labelNames("service")
                .callback(cb -> {
                    for (ServiceEntry e : registry.all()) {
                        synchronized (e) {
                            cb.call(e.restarts(), e.id());
                        }
                    }
                }).register(prometheus);
        GaugeWithCallback.builder().name("pog_pm_equity")
                .help("Equity of each trader observed fresh (absent when unknown); service=\"total\" only when all are known")
                .labelNames("service")
                .callback(cb -> {
                    PortfolioView v = portfolio.view();
                    for (PortfolioView.TraderEquity t : v.traders()) {
                        if (!t.stale()) {
                            cb.call(new BigDecimal(t.equity()).doubleValue(), t.service());
                        }
                    }
                    if (v.total().complete()) {
                        cb.call(v.total().knownEquity().doubleValue(), "total");
                    }
                }).register(prometheus);
        GaugeWithCallback.builder().name("pog_pm_unprotected_positions")
                .help("Positions without a protective stop, per trader observed fresh")
                .labelNames("service")
                .callback(cb -> {
                    PortfolioView v = portfolio.view();
                    Map<String, Integer> counts = new HashMap<>();
                    for (PortfolioView.TraderEquity t : v.traders()) {
                        if (!t.stale()) {
                            counts.put(t.service(), 0);
                        }
                    }
                    for (PortfolioView.Position p : v.positions()) {
                        if (!p.stale() && !p.isProtected()) {
                            counts.merge(p.service(), 1, Integer::sum);
                        }
                    }
                    counts.forEach((s, n) -> cb.call(n, s));
                }).register(prometheus);
        // the two protection gauges count what the position rows of the dashboard show red: positions whose last
        // known protection is not verified (a pending stop past its bound included), stale reports included, since
        // PM never assumes a stop came back that it did not see. A trader PM cannot see, with no such position
        // known, has no series: unknown, not 0.
        GaugeWithCallback.builder().name("pog_positions_unprotected")
                .help("Positions whose stop the venue has not been seen to hold (missing, size_mismatch, pending past "
                        + PortfolioTracker.PENDING_BOUND_MS + " ms), per trader")
                .labelNames("service")
                .callback(cb -> unprotected(portfolio.view()).forEach((s, a) -> cb.call(a[0], s)))
                .register(prometheus);
        GaugeWithCallback.builder().name("pog_positions_unprotected_oldest_seconds")
                .help("How long the oldest unprotected position of each trader has been without a verified stop; 0 "
                        + "when none")
                .labelNames("service")
                .callback(cb -> unprotected(portfolio.view()).forEach((s, a) -> cb.call(a[1] / 1000.0, s)))
                .register(prometheus);
    }

    /** Per service: {count, oldest age in ms} of its unprotected positions; 0s for fresh traders without any. */
    private static Map<String, long[]> unprotected(PortfolioView v) {
        Map<String, long[]> per = new java.util.TreeMap<>();
        for (PortfolioView.TraderEquity t : v.traders()) {
            if (!t.stale()) {
                per.put(t.service(), new long[2]);
            }
        }
        for (PortfolioView.Position p : v.positions()) {
            if (p.protection() != null && p.protection().unprotected()) {
                long[] a = per.computeIfAbsent(p.service(), k -> new long[2]);
                a[0]++;
                a[1] = Math.max(a[1], p.protection().unprotectedForMs());
            }
        }
        return per;
    }

    public PrometheusRegistry registry() {
        return prometheus;
    }
}
