package pog.venue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.net.OutcomeUnknownException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;

/**
 * How every venue client places an order under a client id that must never be reused, the same on every venue. Each
 * client supplies, through {@link Ids}, its market, its own form of the client id (a Hyperliquid cloid, a Lighter
 * client order index) and how it asks its venue for an order by that id; what it sends stays its own.
 * <ol>
 *   <li>An unknown symbol is refused: a {@code REJECTED} order, nothing sent.</li>
 *   <li>The client ids are registered durably before anything is sent; one this client cannot use is refused.</li>
 *   <li>The venue is asked for an order under the first of them. One found is the answer when this client has sent
 *       that id before (a request that timed out, or a restart in the middle of a placement); when it never has,
 *       the id was used by someone else and the placement fails with {@link VenueException#clientIdReused}: taking
 *       that order for ours would report an hour-old order as the new one while nothing happened.</li>
 *   <li>It is sent until the venue answers ({@link #untilAnswered}): an unanswered request is looked for on the venue
 *       before it is sent again, and after {@code maxRetries} unanswered tries the placement fails with a retryable
 *       error; placing the same client id again looks it up before sending, so nothing is ever placed twice.</li>
 * </ol>
 *
 * @param <M> the venue's market (asset id, tick and lot rules)
 * @param <I> the venue's form of a client id
 */
public final class Placement<M, I> {
    private static final Logger log = LoggerFactory.getLogger(Placement.class);

    /** A venue client's client ids, kept durably. */
    public interface Registry<I> {
        /** True when this client has registered {@code clientId} before (it may have been sent). */
        boolean known(String clientId);

        /**
         * Registers {@code clientId} durably (it survives a crash) and returns the venue's form of it.
         *
         * @throws IllegalArgumentException when this client cannot use it, in words for the refusal
         */
        I register(String clientId);
    }

    /** What the venue client knows of its markets and client ids. */
    public interface Ids<M, I> extends Registry<I> {
        /** The market of {@code symbol}; null when the venue has none by that name. */
        M market(String symbol);

        /** The order the venue has under {@code id}; null when the venue has never seen it. */
        Order lookup(M market, I id, OrderRequest request);

        /** What the id is called on this venue, for messages: "cloid", "client order index". */
        String idName();
    }

    /** One send of a placement whose outcome may not come back. */
    public interface Attempt {
        /**
         * Sends once and returns the order as the venue answered it.
         *
         * @param attempt 0 for the first send
         * @throws OutcomeUnknownException when the venue may or may not have executed it
         */
        Order send(int attempt);

        /**
         * Waits before the next send, long enough for a request still on its way to have been executed (or to be
         * unable to be): the venue is asked once more after it.
         */
        void beforeResend(int attempt);

        /** Told first whenever a send went unanswered (Lighter's client resynchronises its nonce here). */
        default void unanswered() {
        }

        /** An attempt of three steps that share nothing but the order. */
        static Attempt of(IntFunction<Order> send, IntConsumer beforeResend, Runnable unanswered) {
            return new Attempt() {
                @Override
                public Order send(int attempt) {
                    return send.apply(attempt);
                }

                @Override
                public void beforeResend(int attempt) {
                    beforeResend.accept(attempt);
                }

                @Override
                public void unanswered() {
                    unanswered.run();
                }
            };
        }
    }

    /**
     * The placement after its first three steps: either {@link #answered()} (refused, or found on the venue) with
     * {@link #answer()} to return at once, or ready to send with the market and the ids, in the order given.
     */
    public record Start<M, I>(M market, List<I> ids, boolean retry, Order answer, boolean found) {
        public boolean answered() {
            return answer != null;
        }

        /** The venue's form of the {@code i}-th client id. */
        public I id(int i) {
            return ids.get(i);
        }
    }

    private final String venue;
    private final String prefix;
    private final Ids<M, I> ids;
    private final Clock clock;
    private final int maxRetries;

    /**
     * @param venue      the venue's name, for messages ("hyperliquid")
     * @param prefix     its log events' prefix ("hl": {@code event=hl_order_known})
     * @param maxRetries unanswered sends after the first before the placement gives up
     */
    public Placement(String venue, String prefix, Ids<M, I> ids, Clock clock, int maxRetries) {
        this.venue = venue;
        this.prefix = prefix;
        this.ids = ids;
        this.clock = clock;
        this.maxRetries = maxRetries;
    }

    /**
     * The first three steps for {@code requests}, all on the first one's symbol; the first is the one looked for on
     * the venue (an entry, whose stop is its child).
     *
     * @throws VenueException {@link VenueException#clientIdReused} when the venue has an order under the first id
     *                        and this client never sent it
     */
    public Start<M, I> start(OrderRequest... requests) {
        OrderRequest first = requests[0];
        M market = ids.market(first.symbol());
        if (market == null) {
            return new Start<>(null, List.of(), false, rejected(first, "unknown symbol " + first.symbol()), false);
        }
        boolean retry;
        List<I> registered = new ArrayList<>(requests.length);
        try {
            retry = ids.known(first.clientId());
            for (OrderRequest r : requests) {
                registered.add(ids.register(r.clientId()));
            }
        } catch (IllegalArgumentException e) {
            return new Start<>(market, List.of(), false, rejected(first, e.getMessage()), false);
        }
        Order existing = ids.lookup(market, registered.get(0), first);
        if (existing == null) {
            return new Start<>(market, List.copyOf(registered), retry, null, false);
        }
        if (!retry) {
            log.error("event=client_id_reused venue={} client_id={} {}={} order_id={} status={}", venue,
                    first.clientId(), idKey(), registered.get(0), existing.orderId(), existing.status());
            throw VenueException.clientIdReused("client id " + first.clientId() + " (" + ids.idName() + " "
                    + registered.get(0) + ") was already used on this account by order " + existing.orderId() + " ("
                    + existing.status() + "); nothing was placed");
        }
        log.info("event={}_order_known client_id={} {}={} order_id={} status={}", prefix, first.clientId(), idKey(),
                registered.get(0), existing.orderId(), existing.status());
        return new Start<>(market, List.copyOf(registered), true, existing, true);
    }

    /**
     * An entry and its stop answered at {@link #start}: a refusal of the entry alone, or the pair as the venue has
     * them (the stop null while the venue holds it for an entry not yet filled).
     */
    public ProtectedEntry answeredEntry(Start<M, I> s, OrderRequest stop) {
        return new ProtectedEntry(s.answer(), s.found() ? ids.lookup(s.market(), s.id(1), stop) : null, null);
    }

    /**
     * Sends {@code request} through {@code attempt} until the venue answers or the order is found on it.
     *
     * @throws VenueException retryable, when {@code maxRetries} sends in a row went unanswered and the order is not
     *                        on the venue
     */
    public Order untilAnswered(OrderRequest request, Start<M, I> s, Attempt attempt) {
        I id = s.id(0);
        for (int n = 0; ; n++) {
            try {
                return attempt.send(n);
            } catch (OutcomeUnknownException e) {
                attempt.unanswered();
                log.warn("event={}_order_unanswered client_id={} {}={} attempt={} cause=\"{}\"", prefix,
                        request.clientId(), idKey(), id, n + 1, e.getMessage());
                Order found = ids.lookup(s.market(), id, request);
                if (found != null) {
                    return found;
                }
                if (n >= maxRetries) {
                    throw VenueException.unavailable("order " + request.clientId() + " got no answer " + (n + 1)
                            + " times and is not on the venue; placing the same client id again looks it up before"
                            + " sending", e);
                }
                attempt.beforeResend(n);
                // a slow venue may have been executing the unanswered request all along: look before resending
                found = ids.lookup(s.market(), id, request);
                if (found != null) {
                    return found;
                }
            }
        }
    }

    /**
     * A grouped entry and stop that went unanswered once: the pair as the venue has them, or a retryable failure when
     * the entry is not there (placing the same client ids again looks them up before sending).
     */
    public ProtectedEntry unansweredEntry(Start<M, I> s, OrderRequest entry, OrderRequest stop,
                                          OutcomeUnknownException e) {
        Order found = ids.lookup(s.market(), s.id(0), entry);
        if (found == null) {
            throw VenueException.unavailable("entry " + entry.clientId() + " and its stop got no answer and are not"
                    + " on the venue; placing the same client ids again looks them up before sending", e);
        }
        return new ProtectedEntry(found, ids.lookup(s.market(), s.id(1), stop), null);
    }

    /** A refusal made here, stamped with the client's clock. */
    private Order rejected(OrderRequest r, String reason) {
        return Order.rejected(r, reason, clock.millis());
    }

    private String idKey() {
        return ids.idName().replace(' ', '_');
    }
}
