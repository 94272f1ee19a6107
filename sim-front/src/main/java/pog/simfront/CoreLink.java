package pog.simfront;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.sim.Exchange;
import pog.sim.SimConfig;
import pog.venue.VenueListener;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A venue simulator's hold on the sim core: the exchange in {@code exchange.db}, its mark subscription and one
 * subscription per account, released together and in order (subscriptions first, then the exchange).
 */
public final class CoreLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CoreLink.class);

    private final Exchange exchange;
    private final Map<String, AutoCloseable> accounts = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private volatile AutoCloseable marks;

    private CoreLink(Exchange exchange) {
        this.exchange = exchange;
    }

    /** Opens (or creates) the core's {@code exchange.db} under {@code dataDir}. */
    public static CoreLink open(SimConfig config, Path dataDir, Clock clock) {
        return new CoreLink(Exchange.open(config, dataDir.resolve("exchange.db"), clock));
    }

    public Exchange exchange() {
        return exchange;
    }

    /** Opens what the venue keeps beside the core (its own store); if that fails, the core is closed too. */
    public <T> T beside(Supplier<T> open) {
        try {
            return open.get();
        } catch (RuntimeException e) {
            exchange.close();
            throw e;
        }
    }

    /** Follows every mark with {@code listener} (once; a second call is refused). */
    public void followMarks(VenueListener listener) {
        if (marks != null) {
            throw new IllegalStateException("marks are followed already");
        }
        marks = exchange.subscribeMarks(listener);
    }

    /** Whether {@code account}'s orders and fills are followed. */
    public boolean follows(String account) {
        return accounts.containsKey(account);
    }

    /** Follows {@code account}'s orders and fills with {@code listener}, unless they are followed already. */
    public void follow(String account, VenueListener listener) {
        accounts.computeIfAbsent(account, a -> exchange.subscribe(a, listener));
    }

    /**
     * The account's lock: it serialises one account's requests, so a check and the change it guards (a nonce, a
     * client id) are one step, while accounts never wait for each other (the core and the stores serialise what
     * they must).
     */
    public Object lockOf(String account) {
        return locks.computeIfAbsent(account, a -> new Object());
    }

    @Override
    public void close() {
        try {
            if (marks != null) {
                marks.close();
            }
            for (AutoCloseable c : accounts.values()) {
                c.close();
            }
        } catch (Exception e) {
            log.warn("event=unsubscribe_failed error={}", e.toString());
        }
        exchange.close();
    }
}
