package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.contract.PositionView;
import pog.trader.journal.Journal.Purpose;
import pog.trader.reconcile.VenueView;
import pog.venue.Order;
import pog.venue.OrderStatus;
import pog.venue.Position;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Protection carried out: each view of the venue is planned by the {@link Protector} and what it asks for goes out
 * through the {@link OrderDesk}; stop answers come back here; the venue's cover of each position is told when it
 * changes (verified, missing) and published with the positions. It runs before any trading on every view, and it
 * never asks whether the trader may trade: paused, halted or with a failing journal, positions stay protected.
 * Decision thread only.
 */
final class Protection {
    private static final Logger log = LoggerFactory.getLogger(Protection.class);

    private final Protector protector;
    private final OrderDesk desk;
    private final JournalGate gate;
    private final Engine.Counters counters;
    private final Consumer<EngineEvent> emit;
    /** The positions the last view showed (null: no view yet), by symbol. */
    private Map<String, Position> held;
    /** When the venue last showed each held symbol fully covered by its stops. */
    private final Map<String, Long> verifiedAt = new HashMap<>();

    /** What one view's protection sent: {@code actions} in all, of which stops and cancelled duplicates. */
    record Round(int actions, int stopsSent, int duplicatesCancelled) {
    }

    Protection(Protector protector, OrderDesk desk, JournalGate gate, Engine.Counters counters,
               Consumer<EngineEvent> emit) {
        this.protector = protector;
        this.desk = desk;
        this.gate = gate;
        this.counters = counters;
        this.emit = emit;
    }

    /** The positions of the last view (null before the first). */
    Map<String, Position> held() {
        return held;
    }

    /** Opened and closed positions since the last view, told as events; a closed one's stop price is forgotten. */
    void positionChanges(VenueView view) {
        Map<String, Position> now = new LinkedHashMap<>();
        for (Position p : view.positions()) {
            if (p.size().signum() != 0) {
                now.put(p.symbol(), p);
            }
        }
        if (held != null) {
            for (Position p : now.values()) {
                Position before = held.get(p.symbol());
                if (before == null || before.isLong() != p.isLong()) {
                    emit.accept(new EngineEvent.PositionOpened(p.symbol(), p.isLong() ? "long" : "short",
                            p.size().abs()));
                }
            }
            for (String symbol : held.keySet()) {
                if (!now.containsKey(symbol)) {
                    emit.accept(new EngineEvent.PositionClosed(symbol));
                    protector.forget(symbol);
                }
            }
        }
        held = now;
    }

    /** Plans protection for this view and sends it. */
    Round protect(VenueView view, long now) {
        List<Protector.Action> actions = protector.plan(view.positions(), view.openOrders(),
                s -> desk.trusted(s, view));
        for (Position p : view.positions()) {
            if (p.size().signum() == 0 || !desk.trusted(p.symbol(), view)) {
                continue;
            }
            List<Order> stops = Protector.stopsFor(p, view.openOrders());
            BigDecimal covered = stops.stream().map(Order::remaining).reduce(BigDecimal.ZERO, BigDecimal::add);
            boolean full = covered.compareTo(p.size().abs()) >= 0;
            if (protector.changed(p.symbol(), full)) {
                emit.accept(full ? new EngineEvent.StopVerified(p.symbol(), stops.get(0).orderId())
                        : new EngineEvent.StopMissing(p.symbol(), stops.isEmpty() ? "no stop on the venue"
                        : "stops cover " + covered.toPlainString() + " of " + p.size().abs().toPlainString()));
            }
        }
        int stopsSent = 0;
        int duplicates = 0;
        for (Protector.Action a : actions) {
            if (a instanceof Protector.PlaceStop s) {
                desk.send(s.request(), Purpose.STOP, now, s.replacing(), s.reason());
                stopsSent++;
            } else if (a instanceof Protector.Cancel c) {
                desk.cancel(c.order(), now, c.why());
                if (!"no position".equals(c.why())) {
                    duplicates++;
                }
            } else if (a instanceof Protector.Close c) {
                log.warn("event=stop_already_crossed symbol={} size={} mark={} reason=\"{}\"", c.position().symbol(),
                        c.position().size().toPlainString(), c.position().markPrice().toPlainString(), c.why());
                desk.close(c.position(), Purpose.EXIT, now, c.why());
            }
        }
        return new Round(actions.size(), stopsSent, duplicates);
    }

    /** A stop's answer: placed (told, counted) or refused (after too many, the position is closed). */
    void stopAnswered(OrderDesk.Command c, Order placed, long now) {
        String symbol = c.symbol();
        if (placed.status() == OrderStatus.REJECTED) {
            if (protector.stopRefused(symbol)) {
                // a position the venue will not let us protect is closed, not held naked
                log.error("event=unprotectable_position symbol={} rejections={} reason=\"{}\"", symbol,
                        Protector.MAX_STOP_REJECTIONS, placed.rejectReason());
                Position p = held == null ? null : held.get(symbol);
                if (p != null) {
                    desk.close(p, Purpose.EXIT, now, "stop rejected " + Protector.MAX_STOP_REJECTIONS + " times ("
                            + placed.rejectReason() + "): closing rather than holding it unprotected");
                }
            }
            return;
        }
        protector.stopAnswered(c.request());
        counters.stopsPlaced++;
        BigDecimal trigger = c.request().triggerPrice();
        if (c.replacing()) {
            counters.stopsReplaced++;
            log.warn("event=stop_replaced symbol={} size={} trigger={} reason=\"{}\"", symbol,
                    c.request().size().toPlainString(), trigger.toPlainString(), c.why());
            emit.accept(new EngineEvent.StopReplaced(symbol, c.clientId(), trigger, c.why()));
        } else {
            emit.accept(new EngineEvent.StopPlaced(symbol, c.clientId(), trigger));
        }
    }

    /** Each open position of this view with the state of its stop, as the API shows it. */
    List<PositionView> views(VenueView view, long now) {
        List<PositionView> views = new ArrayList<>();
        for (Position p : view.positions()) {
            if (p.size().signum() == 0) {
                continue;
            }
            BigDecimal covered = BigDecimal.ZERO;
            Order largest = null;
            for (Order o : Protector.stopsFor(p, view.openOrders())) {
                covered = covered.add(o.remaining());
                if (largest == null || o.remaining().compareTo(largest.remaining()) > 0) {
                    largest = o;
                }
            }
            boolean full = covered.compareTo(p.size().abs()) >= 0;
            String state;
            if (full && largest.orderId() != null) {
                state = PositionView.Protection.VERIFIED;
                verifiedAt.put(p.symbol(), now);
            } else if (full) {
                state = PositionView.Protection.PENDING; // accepted, the venue has not given it an id yet
            } else {
                state = largest == null ? PositionView.Protection.MISSING : PositionView.Protection.SIZE_MISMATCH;
            }
            BigDecimal stop = largest == null ? null : largest.triggerPrice();
            views.add(new PositionView(p.symbol(), p.isLong() ? "long" : "short", p.size().abs(), p.entryPrice(),
                    p.markPrice(), p.unrealizedPnl(), stop, full, p.observedAt(), new PositionView.Protection(state,
                    largest == null ? null : largest.orderId(), stop, verifiedAt.get(p.symbol()))));
        }
        verifiedAt.keySet().removeIf(symbol -> Protector.held(view.positions(), symbol) == null);
        return views;
    }

    /**
     * What a stop leaves behind on the venue, from a last read of it: every open position with the reduce-only stop
     * size resting for it. {@code clean}: flat, or every position fully covered.
     */
    static Engine.LeftBehind leftBehind(List<Position> positions, List<Order> open, String venueName, long now) {
        List<PositionView> views = new ArrayList<>();
        List<String> bare = new ArrayList<>();
        for (Position p : positions) {
            if (p.size().signum() == 0) {
                continue;
            }
            BigDecimal covered = BigDecimal.ZERO;
            BigDecimal stop = null;
            String stopId = null;
            for (Order o : Protector.stopsFor(p, open)) {
                covered = covered.add(o.remaining());
                stop = o.triggerPrice();
                stopId = o.orderId();
            }
            boolean ok = covered.compareTo(p.size().abs()) >= 0;
            String state = ok ? PositionView.Protection.VERIFIED
                    : stop == null ? PositionView.Protection.MISSING : PositionView.Protection.SIZE_MISMATCH;
            views.add(new PositionView(p.symbol(), p.isLong() ? "long" : "short", p.size().abs(),
                    p.entryPrice(), p.markPrice(), p.unrealizedPnl(), stop, ok, now,
                    new PositionView.Protection(state, stopId, stop, ok ? now : null)));
            if (!ok) {
                bare.add(p.symbol() + " " + (p.isLong() ? "long " : "short ") + p.size().abs().toPlainString()
                        + " with " + covered.toPlainString() + " covered by stops");
            }
        }
        String where = " on " + venueName;
        String detail = views.isEmpty() ? "flat" + where
                : bare.isEmpty() ? views.size() + " position(s) left" + where + ", each with its stop resting"
                : bare.size() + " of " + views.size() + " position(s) left" + where + " without a full stop: "
                + String.join("; ", bare);
        return new Engine.LeftBehind(bare.isEmpty(), detail, List.copyOf(views), now);
    }
}
