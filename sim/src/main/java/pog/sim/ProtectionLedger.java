package pog.sim;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.Order;
import pog.venue.OrderType;

/**
 * The venue's own record of exposure: per account, every span in which a position was not fully covered by resting
 * reduce-only stop-loss orders on its closing side. A stop that fires and closes the position ends the position in
 * the same transaction, so it is no gap. Spans shorter than 1 ms (opened and closed within one clock millisecond,
 * a transaction that places an entry and its stop together) are not gaps either. Only touched under the exchange's
 * lock.
 */
public final class ProtectionLedger {
    private static final Logger log = LoggerFactory.getLogger(ProtectionLedger.class);

    /** One gap; {@code toMs} null while it lasts. */
    public record Gap(String account, String symbol, long fromMs, Long toMs) {
        public long ms(long now) {
            return (toMs == null ? now : toMs) - fromMs;
        }
    }

    /** One gap as {@code GET /admin/protection} shows it; {@code toMs} null while it lasts. */
    public record Interval(String symbol, long fromMs, Long toMs, long ms) {
    }

    /** What {@code GET /admin/protection} answers for one account (a record: it serializes to exactly that JSON). */
    public record Report(String account, long unprotectedMsTotal, long maxUnprotectedMs, List<Interval> intervals,
                         boolean unprotectedNow) {
    }

    /** account -> symbol -> open gap start. */
    private final Map<String, Map<String, Long>> open = new TreeMap<>();
    /** account -> closed gaps of 1 ms or more, oldest first. */
    private final Map<String, List<Gap>> closed = new TreeMap<>();

    void load(List<Gap> gaps) {
        open.clear();
        closed.clear();
        for (Gap g : gaps) {
            if (g.toMs() == null) {
                open.computeIfAbsent(g.account(), k -> new TreeMap<>()).put(g.symbol(), g.fromMs());
            } else {
                closed.computeIfAbsent(g.account(), k -> new ArrayList<>()).add(g);
            }
        }
    }

    /** Re-evaluates the coverage of every position of the account (and ends gaps of positions that are gone). */
    void evaluate(AccountState a, long now, Changes c) {
        Map<String, Long> gaps = open.get(a.id);
        for (Map.Entry<String, PositionState> e : a.positions.entrySet()) {
            String symbol = e.getKey();
            BigDecimal size = e.getValue().size();
            boolean covered = covered(a, symbol, size);
            Long since = gaps == null ? null : gaps.get(symbol);
            if (!covered && since == null) {
                gaps = open.computeIfAbsent(a.id, k -> new TreeMap<>());
                gaps.put(symbol, now);
                c.gaps.add(new Gap(a.id, symbol, now, null));
            } else if (covered && since != null) {
                close(a.id, symbol, since, now, c);
            }
        }
        if (gaps != null) {
            for (Map.Entry<String, Long> g : List.copyOf(gaps.entrySet())) {
                if (a.position(g.getKey()).isFlat()) {
                    close(a.id, g.getKey(), g.getValue(), now, c);
                }
            }
        }
    }

    private void close(String account, String symbol, long since, long now, Changes c) {
        open.get(account).remove(symbol);
        if (open.get(account).isEmpty()) {
            open.remove(account);
        }
        if (now - since < 1) {
            c.gapsDropped.add(new Gap(account, symbol, since, null));
            return;
        }
        Gap gap = new Gap(account, symbol, since, now);
        closed.computeIfAbsent(account, k -> new ArrayList<>()).add(gap);
        c.gaps.add(gap);
        log.warn("event=unprotected_interval account={} symbol={} fromMs={} toMs={} ms={}", account, symbol, since, now,
                now - since);
    }

    /** The open reduce-only stops on the closing side cover at least the whole position. */
    private static boolean covered(AccountState a, String symbol, BigDecimal size) {
        BigDecimal need = size.abs();
        int closingSign = -size.signum();
        BigDecimal have = BigDecimal.ZERO;
        for (Order o : a.openOrders.values()) {
            if (o.symbol().equals(symbol) && o.type() == OrderType.STOP_MARKET && o.reduceOnly()
                    && o.side().sign() == closingSign) {
                have = have.add(o.remaining());
            }
        }
        return have.compareTo(need) >= 0;
    }

    /** One report per account that ever held a position the ledger saw, plus {@code known} accounts. */
    List<Report> reports(Iterable<String> known, long now) {
        Map<String, Report> result = new TreeMap<>();
        for (String account : known) {
            result.put(account, report(account, now));
        }
        for (String account : closed.keySet()) {
            result.put(account, report(account, now));
        }
        for (String account : open.keySet()) {
            result.put(account, report(account, now));
        }
        return List.copyOf(result.values());
    }

    Report report(String account, long now) {
        List<Gap> gaps = new ArrayList<>(closed.getOrDefault(account, List.of()));
        Map<String, Long> current = open.getOrDefault(account, Map.of());
        boolean unprotectedNow = !current.isEmpty();
        for (Map.Entry<String, Long> e : current.entrySet()) {
            if (now - e.getValue() >= 1) {
                gaps.add(new Gap(account, e.getKey(), e.getValue(), null));
            }
        }
        gaps.sort((x, y) -> Long.compare(x.fromMs(), y.fromMs()));
        long total = 0;
        long max = 0;
        List<Interval> intervals = new ArrayList<>();
        for (Gap g : gaps) {
            long ms = g.ms(now);
            total += ms;
            max = Math.max(max, ms);
            intervals.add(new Interval(g.symbol(), g.fromMs(), g.toMs(), ms));
        }
        return new Report(account, total, max, List.copyOf(intervals), unprotectedNow);
    }
}
