package pog.trader.alerts;

import pog.alerts.Notifier;
import pog.alerts.Severity;
import pog.trader.journal.Journal;

import java.util.List;

/**
 * A protective stop found missing on the venue and placed again (the journal's {@code stop_replaced} events marked
 * "(missing)"; a stop resized to a changed position is routine and not told). Each becomes one notice.
 */
public final class StopReplaced {
    private final Notifier notifier;
    private final Journal journal;
    private final String service;
    private long lastSeen;

    public StopReplaced(Notifier notifier, Journal journal, String service) {
        this.notifier = notifier;
        this.journal = journal;
        this.service = service;
        List<Journal.Event> latest = journal.events(1);
        // what happened before this start was the previous instance's business
        this.lastSeen = latest.isEmpty() ? 0 : latest.get(0).id();
    }

    /** Tells every new "missing stop re-placed" event since the last check. */
    public synchronized void check() {
        List<Journal.Event> recent = journal.events(100);
        for (int i = recent.size() - 1; i >= 0; i--) {
            Journal.Event e = recent.get(i);
            if (e.id() <= lastSeen) {
                continue;
            }
            lastSeen = e.id();
            if ("stop_replaced".equals(e.kind()) && e.detail() != null && e.detail().contains("(missing)")) {
                String symbol = e.detail().split(" ", 2)[0];
                notifier.notice(service, Severity.WARNING, service + " re-placed a missing stop on " + symbol,
                        "the protective stop of the " + symbol + " position was missing on the venue: "
                                + e.detail().replace(" (missing)", ""),
                        "the trader placed it again, so the position is protected; if this repeats, look at the"
                                + " venue (stops cancelled or expired there)");
            }
        }
    }
}
