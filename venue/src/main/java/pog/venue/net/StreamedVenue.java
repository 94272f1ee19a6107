package pog.venue.net;

import pog.venue.Order;
import pog.venue.OrderRequest;
import pog.venue.Placement;
import pog.venue.ProtectedEntry;
import pog.venue.Venue;
import pog.venue.VenueListener;
import pog.venue.VenueListeners;

import java.time.Clock;

/**
 * What every venue client with one reconnecting WebSocket and durable client ids has in common, written once: the
 * listener fan-out on the socket's thread, {@code resync} and {@code close}, the stream's health, and placing by the
 * {@link Placement} template (a refusal or an order already on the venue is answered before the client sends
 * anything). A client supplies its markets, how it asks its venue for an order by its own form of the client id, how
 * it sends one order or an entry with its stop, and its socket ({@link #useSocket}, once, from its constructor).
 *
 * @param <M> the client's market (asset id, tick and lot rules)
 * @param <I> the client's form of a client id (a Hyperliquid cloid, a Lighter client order index)
 */
public abstract class StreamedVenue<M, I> implements Venue {
    private final String venue;
    private final Placement<M, I> placement;
    // set once by useSocket(...) from the subclass's constructor, before the venue is handed to anyone
    private ReconnectingSocket socket;
    private VenueListeners listeners;

    /**
     * @param venue      the venue's name, as {@link #name()} gives it
     * @param prefix     its log events' prefix ("hl")
     * @param idName     what the client id is called there, for messages ("cloid")
     * @param registry   the client's durable client ids
     * @param maxRetries unanswered sends of one order after the first before its placement gives up
     */
    protected StreamedVenue(String venue, String prefix, String idName, Placement.Registry<I> registry, Clock clock,
                            int maxRetries) {
        this.venue = venue;
        this.placement = new Placement<>(venue, prefix, new Placement.Ids<>() {
            @Override
            public M market(String symbol) {
                return StreamedVenue.this.market(symbol);
            }

            @Override
            public boolean known(String clientId) {
                return registry.known(clientId);
            }

            @Override
            public I register(String clientId) {
                return registry.register(clientId);
            }

            @Override
            public Order lookup(M market, I id, OrderRequest request) {
                return StreamedVenue.this.lookup(market, id, request);
            }

            @Override
            public String idName() {
                return idName;
            }
        }, clock, maxRetries);
    }

    /** Hands over the client's socket; called once, from its constructor. */
    protected final void useSocket(ReconnectingSocket socket) {
        if (this.socket != null) {
            throw new IllegalStateException(venue + " already has its socket");
        }
        this.socket = socket;
        this.listeners = new VenueListeners(venue, socket::onThread, socket::connected);
    }

    protected final ReconnectingSocket socket() {
        return socket;
    }

    /** Who hears this venue's pushes; emit on the socket's thread. */
    protected final VenueListeners listeners() {
        return listeners;
    }

    protected final Placement<M, I> placement() {
        return placement;
    }

    /** The market of {@code symbol}; null when the venue lists none by that name. */
    protected abstract M market(String symbol);

    /** The order the venue has under {@code id} (open or finished); null when it has never seen it. */
    protected abstract Order lookup(M market, I id, OrderRequest request);

    /**
     * Sends {@code request}, past the placement's first steps (its market known, its id registered and not on the
     * venue): typically through {@link Placement#untilAnswered}.
     */
    protected abstract Order sendOrder(OrderRequest request, Placement.Start<M, I> start);

    /**
     * Sends an entry with its stop as one venue request, past the placement's first steps, under the ids registered
     * for them.
     *
     * @throws OutcomeUnknownException when the venue may or may not have executed it: the pair is then looked up
     */
    protected abstract ProtectedEntry sendWithStop(OrderRequest entry, OrderRequest stop, M market, I entryId,
                                                   I stopId);

    @Override
    public final Order place(OrderRequest request) {
        Placement.Start<M, I> start = placement.start(request);
        return start.answered() ? start.answer() : sendOrder(request, start);
    }

    @Override
    public final ProtectedEntry placeWithStop(OrderRequest entry, OrderRequest stop) {
        Placement.Start<M, I> start = placement.start(entry, stop);
        if (start.answered()) {
            return placement.answeredEntry(start, stop);
        }
        try {
            return sendWithStop(entry, stop, start.market(), start.id(0), start.id(1));
        } catch (OutcomeUnknownException e) {
            // it may have been executed: the answer is what the venue has under the entry's id
            return placement.unansweredEntry(start, entry, stop, e);
        }
    }

    @Override
    public AutoCloseable subscribe(VenueListener listener) {
        return listeners.subscribe(listener);
    }

    @Override
    public void resync(String reason) {
        socket.reconnect(reason);
    }

    @Override
    public void close() {
        socket.close();
    }

    /** True while the WebSocket is connected and subscribed. */
    public final boolean streaming() {
        return socket.connected();
    }

    /** The WebSocket as health shows it: up or not, reconnects, backoff, and the time since its last message. */
    public final ReconnectingSocket.Status streamStatus() {
        return socket.status();
    }

    /** Drops the WebSocket as a network failure would (it reconnects, resubscribes and gap-fills). */
    public final void dropStream(String reason) {
        socket.reconnect(reason);
    }
}
