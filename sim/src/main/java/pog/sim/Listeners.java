package pog.sim;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.VenueListener;

/**
 * Delivers committed events to listeners in commit order, outside the exchange's state lock.
 *
 * <p>Events are enqueued under the state lock (so the queue order is the commit order) and drained by whichever
 * thread gets the delivery lock; a drainer re-checks the queue after letting go, so no event is stranded. A listener
 * that calls back into the exchange does not drain recursively: its events are delivered after the current one
 * reached every listener, which keeps every listener's view in the same order.
 */
final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final List<VenueListener> markListeners = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<String, List<VenueListener>> accountListeners = new ConcurrentHashMap<>();
    private final Queue<Event> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivery = new ReentrantLock();

    AutoCloseable subscribeMarks(VenueListener listener) {
        markListeners.add(listener);
        return () -> markListeners.remove(listener);
    }

    AutoCloseable subscribeAccount(String accountId, VenueListener listener) {
        accountListeners.computeIfAbsent(accountId, id -> new CopyOnWriteArrayList<>()).add(listener);
        return () -> accountListeners.getOrDefault(accountId, List.of()).remove(listener);
    }

    /** Called under the state lock, right after the commit. */
    void enqueue(List<Event> events) {
        queue.addAll(events);
    }

    /** Called without the state lock. */
    void drain() {
        if (delivery.isHeldByCurrentThread()) {
            return;
        }
        while (!queue.isEmpty() && delivery.tryLock()) {
            try {
                Event event;
                while ((event = queue.poll()) != null) {
                    deliver(event);
                }
            } finally {
                delivery.unlock();
            }
        }
    }

    private void deliver(Event event) {
        if (event instanceof Event.MarkEvent m) {
            for (VenueListener l : markListeners) {
                safely(() -> l.onMark(m.symbol(), m.mark(), m.time()));
            }
        } else if (event instanceof Event.OrderEvent o) {
            for (VenueListener l : accountListeners.getOrDefault(o.accountId(), List.of())) {
                safely(() -> l.onOrder(o.order()));
            }
        } else if (event instanceof Event.FillEvent f) {
            for (VenueListener l : accountListeners.getOrDefault(f.accountId(), List.of())) {
                safely(() -> l.onFill(f.fill()));
            }
        }
    }

    // One failing listener must neither stop the exchange nor starve the others; the failure is its own bug.
    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("event=listener_failed error={}", e.toString(), e);
        }
    }
}
