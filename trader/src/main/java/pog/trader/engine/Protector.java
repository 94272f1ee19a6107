package pog.trader.engine;

import pog.trader.risk.RiskManager;
import pog.venue.MarketInfo;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderType;
import pog.venue.Position;
import pog.venue.Side;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Protection: every position covered by exactly one reduce-only stop for its full size, no stop covering nothing.
 * It decides, the engine sends: {@link #plan} turns one view of the venue into {@link Action}s, and the answers come
 * back through {@link #stopAnswered}/{@link #stopRefused}. Decision thread only; deterministic.
 */
public final class Protector {
    /** After this many refused stops in a row, the position is closed at market. */
    static final int MAX_STOP_REJECTIONS = 3;

    private final RiskManager risk;
    /** Where stop ids come from: this start's Ownership (its instance epoch and a sequence, never reused). */
    private final java.util.function.Supplier<String> ids;
    private final Map<String, MarketInfo> markets;
    /** The stop price the trader means to keep for each held symbol. */
    private final Map<String, BigDecimal> stopPrices = new HashMap<>();
    /** Symbols entered whose first stop is still to be placed (not a replacement). */
    private final Set<String> awaitingFirstStop = new HashSet<>();
    /** Consecutive refusals of a symbol's stop by the venue. */
    private final Map<String, Integer> stopRejections = new HashMap<>();
    /** Whether the venue last showed each symbol fully covered, so "verified" and "missing" are said on change. */
    private final Map<String, Boolean> covered = new HashMap<>();

    Protector(RiskManager risk, java.util.function.Supplier<String> ids, Map<String, MarketInfo> markets) {
        this.risk = risk;
        this.ids = ids;
        this.markets = markets;
    }

    /** What protection asks the engine to do. */
    sealed interface Action {
    }

    /** Place this stop; {@code replacing}: the position had one (or was reconciled) and lost it. */
    record PlaceStop(OrderRequest request, boolean replacing, String reason) implements Action {
    }

    record Cancel(Order order, String why) implements Action {
    }

    /** Close this position at market (the stop would already have fired, or the venue will not take one). */
    record Close(Position position, String why) implements Action {
    }

    Map<String, BigDecimal> stopPrices() {
        return stopPrices;
    }

    /** The trader means to keep this stop price for the symbol (from the journal, a resting stop, an entry). */
    void keep(String symbol, BigDecimal trigger) {
        stopPrices.put(symbol, trigger);
    }

    void keepIfUnknown(String symbol, BigDecimal trigger) {
        stopPrices.putIfAbsent(symbol, trigger);
    }

    /** An entry went out without its stop attached: its first stop is not a replacement. */
    void awaitFirstStop(String symbol) {
        awaitingFirstStop.add(symbol);
    }

    /**
     * The actions that make this view protected. {@code trusted}: symbols this view can be judged for (none of
     * their orders is in flight, and the read began after the last answer about them).
     */
    List<Action> plan(List<Position> positions, List<Order> open, Predicate<String> trusted) {
        List<Action> actions = new ArrayList<>();
        for (Position p : positions) {
            if (p.size().signum() == 0 || !trusted.test(p.symbol())) {
                continue;
            }
            List<Order> stops = stopsFor(p, open);
            BigDecimal target = p.size().abs();
            Order keep = null;
            for (Order s : stops) {
                if (s.remaining().compareTo(target) == 0 && (keep == null
                        || s.triggerPrice().equals(stopPrices.get(p.symbol())))) {
                    keep = s;
                }
            }
            if (keep == null) {
                BigDecimal trigger = stopPrices.get(p.symbol());
                if (trigger == null) {
                    trigger = risk.stopPrice(p.isLong() ? Side.BUY : Side.SELL, p.entryPrice(), markets.get(p.symbol()));
                }
                if (crossed(p, trigger)) {
                    actions.add(new Close(p, "mark already through stop " + trigger.toPlainString()));
                    continue;
                }
                boolean replacing = !awaitingFirstStop.remove(p.symbol());
                OrderRequest req = OrderRequest.stopLoss(ids.get(), p.symbol(), p.closingSide(), target,
                        trigger);
                actions.add(new PlaceStop(req, replacing, stops.isEmpty() ? "stop missing"
                        : "stop size did not match position"));
            } else {
                stopPrices.put(p.symbol(), keep.triggerPrice());
            }
            for (Order s : stops) {
                if (s != keep) {
                    actions.add(new Cancel(s, keep == null ? "resized" : "duplicate"));
                }
            }
        }
        for (Order o : open) {
            if (o.type().isTrigger() && o.reduceOnly() && held(positions, o.symbol()) == null
                    && trusted.test(o.symbol())) {
                actions.add(new Cancel(o, "no position"));
                stopPrices.remove(o.symbol());
            }
        }
        for (String symbol : new ArrayList<>(stopPrices.keySet())) {
            if (held(positions, symbol) == null && trusted.test(symbol)) {
                stopPrices.remove(symbol);
            }
        }
        return actions;
    }

    /** The venue took the stop. */
    void stopAnswered(OrderRequest stop) {
        stopRejections.remove(stop.symbol());
        stopPrices.put(stop.symbol(), stop.triggerPrice());
    }

    /** The venue refused the stop: true when it has refused often enough that the position must be closed. */
    boolean stopRefused(String symbol) {
        int failures = stopRejections.merge(symbol, 1, Integer::sum);
        if (failures >= MAX_STOP_REJECTIONS) {
            stopRejections.remove(symbol);
            return true;
        }
        return false;
    }

    int rejections(String symbol) {
        return stopRejections.getOrDefault(symbol, 0);
    }

    /**
     * Whether the symbol's protection state changed to {@code covered} since the last call (for the
     * verified/missing events, said once per change).
     */
    boolean changed(String symbol, boolean isCovered) {
        Boolean before = covered.put(symbol, isCovered);
        return before == null || before != isCovered;
    }

    void forget(String symbol) {
        covered.remove(symbol);
    }

    static List<Order> stopsFor(Position p, List<Order> open) {
        List<Order> stops = new ArrayList<>();
        for (Order o : open) {
            if (isStopFor(o, p.symbol()) && o.side() == p.closingSide()) {
                stops.add(o);
            }
        }
        return stops;
    }

    static boolean isStopFor(Order o, String symbol) {
        return o.symbol().equals(symbol) && o.type() == OrderType.STOP_MARKET && o.reduceOnly() && o.isOpen();
    }

    static boolean crossed(Position p, BigDecimal trigger) {
        return p.isLong() ? p.markPrice().compareTo(trigger) <= 0 : p.markPrice().compareTo(trigger) >= 0;
    }

    static int countUnprotected(List<Position> positions, List<Order> open) {
        int n = 0;
        for (Position p : positions) {
            if (p.size().signum() == 0) {
                continue;
            }
            BigDecimal covered = BigDecimal.ZERO;
            for (Order o : stopsFor(p, open)) {
                covered = covered.add(o.remaining());
            }
            if (covered.compareTo(p.size().abs()) < 0) {
                n++;
            }
        }
        return n;
    }

    static Position held(List<Position> positions, String symbol) {
        for (Position p : positions) {
            if (p.symbol().equals(symbol) && p.size().signum() != 0) {
                return p;
            }
        }
        return null;
    }
}
