package pog.venue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A venue client's listeners, and the one place with its policy: <b>a failing listener is logged, never fatal</b>. A
 * listener that throws neither stops the stream nor keeps the others from hearing the event.
 *
 * <p>Connection changes reach each listener once per change, in order with the venue's pushes: {@link #connection}
 * is called on the stream's thread, and a listener that joins while the stream is up is told so on that thread too.
 */
public final class VenueListeners {
    private static final Logger log = LoggerFactory.getLogger(VenueListeners.class);

    private final String venue;
    private final Executor streamThread;
    private final BooleanSupplier streaming;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

    /**
     * @param venue        the venue's name in log lines
     * @param streamThread runs a task in order with the stream's events (and drops it once the stream is closed)
     * @param streaming    whether the stream is up now
     */
    public VenueListeners(String venue, Executor streamThread, BooleanSupplier streaming) {
        this.venue = venue;
        this.streamThread = streamThread;
        this.streaming = streaming;
    }

    /** {@link Venue#subscribe}: hears every later event until the handle is closed. */
    public AutoCloseable subscribe(VenueListener listener) {
        Subscriber s = new Subscriber(listener);
        subscribers.add(s);
        streamThread.execute(() -> {
            if (streaming.getAsBoolean()) {
                tell(s, true);
            }
        });
        return () -> subscribers.remove(s);
    }

    /** Gives one event to every listener. */
    public void emit(Consumer<VenueListener> event) {
        for (Subscriber s : subscribers) {
            safely(() -> event.accept(s.listener));
        }
    }

    /** Stream thread only: the stream is up (gap-filled) or down; each listener hears each change once. */
    public void connection(boolean connected) {
        subscribers.forEach(s -> tell(s, connected));
    }

    private void tell(Subscriber s, boolean connected) {
        if (s.told != null && s.told == connected) {
            return;
        }
        s.told = connected;
        safely(() -> s.listener.onConnection(connected));
    }

    private void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("event=listener_failed venue={} error=\"{}\"", venue, e.toString());
        }
    }

    /** A listener and the connection state it was last told (touched on the stream's thread only). */
    private static final class Subscriber {
        final VenueListener listener;
        Boolean told;

        Subscriber(VenueListener listener) {
            this.listener = listener;
        }
    }
}
