package pog.venue.net;

import java.time.Duration;

/**
 * How a venue client uses the network, whatever the venue: HTTP timeouts and retries, the WebSocket's keep-alive
 * (ping/pong) and its reconnect bounds. Every field is set and checked; {@link #of} fills what a config left out.
 *
 * @param requestTimeout per HTTP request
 * @param connectTimeout per TCP/TLS connect, HTTP and WebSocket alike; also bounds one WebSocket send
 * @param maxRetries     retries of a read, or of a write whose outcome is unknown, before the call fails
 * @param pingInterval   WebSocket ping period (shorter than the venue's idle cut-off)
 * @param pongTimeout    a ping unanswered this long counts as a dropped connection
 * @param reconnectMin   first reconnect delay, doubled per failure with jitter
 * @param reconnectMax   reconnect delay cap
 */
public record Transport(Duration requestTimeout, Duration connectTimeout, int maxRetries, Duration pingInterval,
                        Duration pongTimeout, Duration reconnectMin, Duration reconnectMax) {
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_PONG_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RECONNECT_MIN = Duration.ofMillis(500);
    public static final Duration DEFAULT_RECONNECT_MAX = Duration.ofSeconds(30);

    public Transport {
        positive(requestTimeout, "requestTimeout");
        positive(connectTimeout, "connectTimeout");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        positive(pingInterval, "pingInterval");
        positive(pongTimeout, "pongTimeout");
        positive(reconnectMin, "reconnectMin");
        positive(reconnectMax, "reconnectMax");
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax must not be below reconnectMin");
        }
    }

    /**
     * A transport from a config's values, each null taking its default; only the ping period differs per venue
     * (each venue cuts idle connections after its own silence).
     */
    public static Transport of(Duration requestTimeout, Duration connectTimeout, Integer maxRetries,
                               Duration pingInterval, Duration pongTimeout, Duration reconnectMin,
                               Duration reconnectMax, Duration defaultPingInterval) {
        return new Transport(orElse(requestTimeout, DEFAULT_REQUEST_TIMEOUT),
                orElse(connectTimeout, DEFAULT_CONNECT_TIMEOUT),
                maxRetries == null ? DEFAULT_MAX_RETRIES : maxRetries,
                orElse(pingInterval, defaultPingInterval), orElse(pongTimeout, DEFAULT_PONG_TIMEOUT),
                orElse(reconnectMin, DEFAULT_RECONNECT_MIN), orElse(reconnectMax, DEFAULT_RECONNECT_MAX));
    }

    /** Every value at its default. */
    public static Transport defaults(Duration pingInterval) {
        return of(null, null, null, null, null, null, null, pingInterval);
    }

    public Transport withTimeouts(Duration request, int retries) {
        return new Transport(request, connectTimeout, retries, pingInterval, pongTimeout, reconnectMin, reconnectMax);
    }

    public Transport withReconnect(Duration min, Duration max) {
        return new Transport(requestTimeout, connectTimeout, maxRetries, pingInterval, pongTimeout, min, max);
    }

    public Transport withKeepAlive(Duration ping, Duration pong) {
        return new Transport(requestTimeout, connectTimeout, maxRetries, ping, pong, reconnectMin, reconnectMax);
    }

    private static Duration orElse(Duration value, Duration fallback) {
        return value == null ? fallback : value;
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
