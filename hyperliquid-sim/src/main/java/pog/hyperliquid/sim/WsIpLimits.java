package pog.hyperliquid.sim;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The venue's WebSocket limits per IP, across all of the IP's connections (docs, Rate limits and user limits:
 * "Maximum of 100 websocket connections", "1000 websocket subscriptions", "10 unique users across user-specific
 * websocket subscriptions", "2000 messages sent to Hyperliquid per minute across all websocket connections", "100
 * simultaneous inflight post messages across all websocket connections"). The connection cap is kept by the front
 * (the upgrade is refused); this class keeps the message rate and the in-flight posts, and one lock per IP under
 * which the hub counts subscriptions and users. Time is the simulator's clock.
 *
 * <p>The message budget refills continuously (2000 over any minute, as {@link IpWeights} does for HTTP): the docs
 * say "per minute" without saying how the minute is counted.
 */
final class WsIpLimits {
    private final HyperliquidSimConfig.WsLimits limits;
    private final Clock clock;
    private final Map<String, PerIp> ips = new ConcurrentHashMap<>();

    WsIpLimits(HyperliquidSimConfig.WsLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
    }

    HyperliquidSimConfig.WsLimits limits() {
        return limits;
    }

    /** The lock under which one IP's subscriptions and users are counted and changed. */
    Object lock(String ip) {
        return perIp(ip);
    }

    /** Takes one message from the IP's budget; false (nothing taken) when the minute's budget is spent. */
    boolean message(String ip) {
        int perMinute = limits.messagesPerMinute();
        return perMinute == 0 || perIp(ip).take(perMinute, clock.millis());
    }

    /** Starts a post; false (nothing started) when the IP already has the limit in flight. */
    boolean postStarted(String ip) {
        int max = limits.inflightPosts();
        AtomicInteger inflight = perIp(ip).inflight;
        while (true) {
            int now = inflight.get();
            if (max != 0 && now >= max) {
                return false;
            }
            if (inflight.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void postAnswered(String ip) {
        perIp(ip).inflight.decrementAndGet();
    }

    private PerIp perIp(String ip) {
        return ips.computeIfAbsent(ip, k -> new PerIp(limits.messagesPerMinute(), clock.millis()));
    }

    private static final class PerIp {
        private final AtomicInteger inflight = new AtomicInteger();
        private double tokens;
        private long at;

        PerIp(int capacity, long now) {
            this.tokens = capacity;
            this.at = now;
        }

        synchronized boolean take(int capacity, long now) {
            if (now > at) {
                tokens = Math.min(capacity, tokens + (now - at) * capacity / 60_000.0);
                at = now;
            }
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
