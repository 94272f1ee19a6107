package pog.pm.registry;

import pog.pm.history.EventLog;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one way to change a service entry: the change happens under the entry's lock, and afterwards a state
 * transition becomes an event and a visible change reaches the listeners (SSE, metrics).
 */
public final class StateChanges {
    private final EventLog events;
    private final List<Consumer<ServiceView>> listeners = new CopyOnWriteArrayList<>();

    public StateChanges(EventLog events) {
        this.events = events;
    }

    public void listen(Consumer<ServiceView> listener) {
        listeners.add(listener);
    }

    public void apply(ServiceEntry entry, Consumer<ServiceEntry> mutation) {
        ServiceState from;
        ServiceState to;
        ServiceView before;
        ServiceView after;
        synchronized (entry) {
            before = entry.view();
            from = entry.health().rawState();
            mutation.accept(entry);
            to = entry.health().rawState();
            after = entry.view();
        }
        if (from != to) {
            events.state(entry.id(), from.name(), to.name(), after.detail());
        }
        if (visiblyDifferent(before, after)) {
            for (Consumer<ServiceView> l : listeners) {
                l.accept(after);
            }
        }
    }

    /** Times of checks change every second; only what a person would notice is pushed. */
    static boolean visiblyDifferent(ServiceView a, ServiceView b) {
        return !Objects.equals(a.state(), b.state()) || !Objects.equals(a.origin(), b.origin())
                || !Objects.equals(a.pid(), b.pid()) || !Objects.equals(a.instance(), b.instance())
                || a.consecutiveFailures() != b.consecutiveFailures() || a.restarts() != b.restarts()
                || !Objects.equals(a.detail(), b.detail()) || !Objects.equals(a.nextRestartAt(), b.nextRestartAt());
    }
}
