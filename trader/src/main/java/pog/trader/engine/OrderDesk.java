package pog.trader.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.trader.journal.Journal.Purpose;
import pog.trader.ownership.Ownership;
import pog.trader.reconcile.VenueView;
import pog.trader.strategy.StrategyFeed;
import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.Position;
import pog.venue.ProtectedEntry;
import pog.venue.Venue;
import pog.venue.VenueException;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Orders on their way: sends them (intent journaled first), finishes their answers, and knows which symbols have a
 * write in flight or answered after a view was read, so that no symbol is judged from a view that cannot show what
 * was just sent. It never decides what to send; protection and the decision loop do. Decision thread only.
 */
final class OrderDesk {
    private static final Logger log = LoggerFactory.getLogger(OrderDesk.class);
    /** A write whose answer has not come after this long is given up: it stays pending, resolved by client id. */
    static final long GIVE_UP_MILLIS = 30_000;

    /** An order on its way: what it was for, so its answer can be finished. */
    record Command(String clientId, String symbol, Purpose purpose, OrderRequest request, OrderRequest stop,
                   boolean replacing, String why, long sentAt) {
    }

    /** What an answer leads to outside the desk. */
    interface Answers {
        /** A stop's answer (placed or refused), for protection. */
        void stopAnswered(Command c, Order placed, long now);

        /** An answer of ours came: the venue is read again to verify it. */
        void readNow(long now);

        void venueFailed(RuntimeException e, long now);

        /** An outcome is unknown: a read is wanted, and health says the venue failed. */
        void unknownOutcome(long now);
    }

    private final Venue venue;
    private final VenueWorker worker;
    private final Ownership ownership;
    private final JournalGate gate;
    private final StrategyFeed feed;
    private final Engine.Counters counters;
    private final Consumer<EngineEvent> emit;
    private final Clock clock;
    private final Answers answers;

    /** Orders sent whose answer has not come, by client id. */
    private final Map<String, Command> inFlight = new LinkedHashMap<>();
    private final Map<String, Integer> inFlightBySymbol = new HashMap<>();
    /** Bumped by every answer; a view read before a symbol's last answer is not judged for that symbol. */
    private long writeGen;
    private final Map<String, Long> symbolGen = new HashMap<>();

    OrderDesk(Venue venue, VenueWorker worker, Ownership ownership, JournalGate gate, StrategyFeed feed,
              Engine.Counters counters, Consumer<EngineEvent> emit, Clock clock, Answers answers) {
        this.venue = venue;
        this.worker = worker;
        this.ownership = ownership;
        this.gate = gate;
        this.feed = feed;
        this.counters = counters;
        this.emit = emit;
        this.clock = clock;
        this.answers = answers;
    }

    /** The generation a read begun now is stamped with. */
    long writeGen() {
        return writeGen;
    }

    /** Whether this view may be judged for this symbol: nothing in flight, nothing answered since it was read. */
    boolean trusted(String symbol, VenueView view) {
        return !inFlightBySymbol.containsKey(symbol) && view.writeGen() >= symbolGen.getOrDefault(symbol, 0L);
    }

    boolean busy(String symbol) {
        return inFlightBySymbol.containsKey(symbol);
    }

    boolean idle() {
        return inFlight.isEmpty();
    }

    /** The client ids on their way (entries with their stops): pending intents that are not to be resolved yet. */
    Set<String> sending() {
        Set<String> sending = new HashSet<>();
        for (Command c : inFlight.values()) {
            sending.add(c.clientId());
            if (c.stop() != null) {
                sending.add(c.stop().clientId());
            }
        }
        return sending;
    }

    /** Closes a position at market, reduce-only. */
    void close(Position p, Purpose purpose, long now, String why) {
        OrderRequest request = OrderRequest.market(ownership.nextClientId(), p.symbol(), p.closingSide(), p.size().abs(), true);
        send(request, purpose, now, false, why);
    }

    /**
     * Journals the intent and sends; the answer comes back as an event. The client id makes a resend after a timeout
     * harmless. An entry whose intent cannot be journaled is not sent; a reduce-only order (stop, exit, flatten) is
     * sent all the same: it cannot open anything, and protecting a position comes before remembering why.
     */
    void send(OrderRequest request, Purpose purpose, long now, boolean replacing, String why) {
        if (!ownership.mayWrite()) {
            log.warn("event=order_not_sent client_id={} symbol={} purpose={} reason=\"venue account held by another "
                    + "writer\"", request.clientId(), request.symbol(), purpose);
            return;
        }
        long mark = gate.mark();
        emit.accept(new EngineEvent.Intended(request, purpose, now));
        if (!gate.heldSince(mark)) {
            if (!request.reduceOnly()) {
                log.warn("event=order_not_sent client_id={} symbol={} purpose={} reason=\"journal not writable\"",
                        request.clientId(), request.symbol(), purpose);
                return;
            }
            log.warn("event=order_unjournaled client_id={} symbol={} purpose={} reason=\"journal not writable; a "
                    + "reduce-only order goes out regardless\"", request.clientId(), request.symbol(), purpose);
        }
        Command c = new Command(request.clientId(), request.symbol(), purpose, request, null, replacing, why, now);
        dispatch(c);
        emit.accept(new EngineEvent.OrderSent(request.clientId(), request.symbol(), purpose.name(),
                request.side().name(), request.size()));
        worker.write(() -> venue.place(request), (order, failure) -> placeAnswered(c, order, failure));
    }

    /** An entry with its stop in one request (both intents journaled by the caller); the answer goes to {@code then}. */
    void sendEntry(Command c, BiConsumer<ProtectedEntry, RuntimeException> then) {
        dispatch(c);
        emit.accept(new EngineEvent.OrderSent(c.clientId(), c.symbol(), Purpose.ENTRY.name(),
                c.request().side().name(), c.request().size()));
        emit.accept(new EngineEvent.OrderSent(c.stop().clientId(), c.symbol(), Purpose.STOP.name(),
                c.stop().side().name(), c.stop().size()));
        worker.write(() -> venue.placeWithStop(c.request(), c.stop()), then);
    }

    private void placeAnswered(Command c, Order order, RuntimeException failure) {
        long now = clock.millis();
        boolean ours = answered(c);
        OrderRequest request = c.request();
        if (failure != null) {
            if (failure instanceof VenueException ve && ve.clientIdReused()) {
                ownership.clientIdReused(request.clientId(), ve.getMessage());
            }
            if (failure instanceof VenueException ve && !ve.retryable()) {
                emit.accept(new EngineEvent.NotTaken(request.clientId(), ve.getMessage(), now));
                log.warn("event=order_rejected client_id={} symbol={} purpose={} reason=\"{}\"", request.clientId(),
                        request.symbol(), c.purpose(), ve.getMessage());
                emit.accept(new EngineEvent.Rejected(request.clientId(), c.symbol(), ve.getMessage()));
                Order refused = rejected(request, ve.getMessage(), now);
                if (c.purpose() == Purpose.STOP) {
                    answers.stopAnswered(c, refused, now);
                }
                return;
            }
            unanswered(request, failure, now);
            return;
        }
        counters.ordersPlaced++;
        emit.accept(new EngineEvent.Answered(order, now));
        if (order.status() == OrderStatus.REJECTED) {
            log.warn("event=order_rejected client_id={} symbol={} purpose={} reason=\"{}\"", request.clientId(),
                    request.symbol(), c.purpose(), order.rejectReason());
            emit.accept(new EngineEvent.Rejected(request.clientId(), c.symbol(), order.rejectReason()));
        } else {
            log.info("event=order_sent client_id={} order_id={} symbol={} side={} type={} size={} trigger={} purpose={} "
                            + "status={} latency_ms={}", request.clientId(), order.orderId(), request.symbol(),
                    request.side(), request.type(), request.size().toPlainString(),
                    request.triggerPrice() == null ? "-" : request.triggerPrice().toPlainString(), c.purpose(),
                    order.status(), now - c.sentAt());
            emit.accept(new EngineEvent.Acknowledged(request.clientId(), c.symbol(), order.status().name()));
        }
        switch (c.purpose()) {
            case STOP -> answers.stopAnswered(c, order, now);
            case EXIT, FLATTEN -> emit.accept(new EngineEvent.Noted(c.purpose() == Purpose.FLATTEN ? "flatten" : "exit",
                    c.symbol() + " " + request.size().toPlainString() + " " + c.why() + " -> " + order.status(), now));
            default -> {
            }
        }
        if (ours && order.status() != OrderStatus.REJECTED) {
            answers.readNow(now);
        }
    }

    void cancel(Order o, long now, String why) {
        if (!ownership.mayWrite()) {
            return;
        }
        Command c = new Command(o.clientId(), o.symbol(), Purpose.STOP, null, null, false, why, now);
        dispatch(c);
        worker.write(() -> venue.cancel(o.symbol(), o.clientId()), (cancelled, failure) -> {
            long at = clock.millis();
            boolean ours = answered(c);
            if (failure != null) {
                answers.venueFailed(failure, at);
                log.warn("event=cancel_failed client_id={} symbol={} reason={} error=\"{}\"", o.clientId(), o.symbol(),
                        why, failure.getMessage());
                return;
            }
            log.info("event=order_cancelled client_id={} symbol={} reason={} was_open={}", o.clientId(), o.symbol(),
                    why, cancelled);
            emit.accept(new EngineEvent.Cancelled(o.clientId(), o.symbol(), why));
            if (ours) {
                answers.readNow(at);
            }
        });
    }

    /** An order is on its way: its symbol is not judged until a view read after its answer. */
    private void dispatch(Command c) {
        if (c.request() != null) {
            feed.sent(c.clientId(), c.purpose().name());
            if (c.stop() != null) {
                feed.sent(c.stop().clientId(), Purpose.STOP.name());
            }
        }
        inFlight.put(key(c), c);
        inFlightBySymbol.merge(c.symbol(), 1, Integer::sum);
    }

    private static String key(Command c) {
        return (c.request() == null ? "cancel:" : "") + c.clientId();
    }

    /** The answer came: false when it came after the command was given up (it is journaled all the same). */
    boolean answered(Command c) {
        boolean ours = inFlight.remove(key(c), c);
        if (ours) {
            inFlightBySymbol.computeIfPresent(c.symbol(), (s, n) -> n <= 1 ? null : n - 1);
        } else {
            log.info("event=late_answer client_id={} symbol={} after_ms={}", c.clientId(), c.symbol(),
                    clock.millis() - c.sentAt());
        }
        writeGen++;
        symbolGen.put(c.symbol(), writeGen);
        return ours;
    }

    /** The outcome is unknown: the order stays pending in the journal and is resolved by its client id. */
    void unanswered(OrderRequest request, RuntimeException failure, long now) {
        answers.venueFailed(failure, now);
        log.warn("event=order_unanswered client_id={} symbol={} error=\"{}\" effect=\"pending; resolved by client id, "
                + "never sent twice\"", request.clientId(), request.symbol(), failure.getMessage());
        emit.accept(new EngineEvent.Unanswered(request.clientId(), request.symbol(),
                String.valueOf(failure.getMessage())));
        answers.unknownOutcome(now);
    }

    /** A write with no answer for {@link #GIVE_UP_MILLIS} frees its symbol; its order stays pending. */
    void giveUpOverdue(long now) {
        for (Command c : new ArrayList<>(inFlight.values())) {
            if (now - c.sentAt() > GIVE_UP_MILLIS) {
                inFlight.remove(key(c));
                inFlightBySymbol.computeIfPresent(c.symbol(), (s, n) -> n <= 1 ? null : n - 1);
                writeGen++;
                symbolGen.put(c.symbol(), writeGen);
                String why = "no answer after " + (now - c.sentAt()) + " ms";
                answers.venueFailed(VenueException.unavailable(why, null), now);
                log.warn("event=order_given_up client_id={} symbol={} waited_ms={} effect=\"pending; resolved by client "
                        + "id\"", c.clientId(), c.symbol(), now - c.sentAt());
                emit.accept(new EngineEvent.Unanswered(c.clientId(), c.symbol(), why));
            }
        }
    }

    private static Order rejected(OrderRequest r, String reason, long now) {
        return new Order(null, r.clientId(), r.symbol(), r.side(), r.type(), r.size(), BigDecimal.ZERO, r.limitPrice(),
                r.triggerPrice(), r.reduceOnly(), OrderStatus.REJECTED, reason, now, now);
    }
}
