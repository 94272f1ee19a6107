package pog.venue.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.VenueException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The plumbing every venue's REST client shares: the rate limit taken before each attempt, bounded retries with
 * backoff, and the one rule that keeps money safe. A read is retried on 429, 5xx and network failures. A write (an
 * order, a signed transaction) is sent again only when it certainly was not processed (429, never connected); any
 * other failure after sending is an {@link OutcomeUnknownException} for the caller to resolve by looking it up.
 *
 * <p>Requests are never quoted in a message or a log line (they hold signatures and tokens); answers are, shortened,
 * because they hold only the venue's words.
 */
public final class RestCalls {
    private static final Logger log = LoggerFactory.getLogger(RestCalls.class);
    private static final int QUOTE_CHARS = 200;

    /** Venue JSON: decimals read as {@code BigDecimal}, so no price or size passes through a double. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final String venue;
    private final String logName;
    private final HttpClient http;
    private final RateLimiter limiter;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final int maxRetries;

    /**
     * @param venue   the venue's name as messages say it ("hyperliquid")
     * @param logName the prefix of its log events ("hl" logs {@code event=hl_retry})
     */
    public RestCalls(String venue, String logName, HttpClient http, RateLimiter limiter, Backoff backoff,
                     Sleeper sleeper, int maxRetries) {
        this.venue = venue;
        this.logName = logName;
        this.http = http;
        this.limiter = limiter;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.maxRetries = maxRetries;
    }

    /**
     * A read, retried (bounded) on network failures, 429 and 5xx; any other answer is returned as it came.
     *
     * @param what   names the call in messages ("/info allMids", "accountActiveOrders")
     * @param weight what one attempt costs of the rate limit
     */
    public HttpResponse<String> read(HttpRequest request, String what, int weight) {
        return call(request, what, weight, false);
    }

    /**
     * A write, sent once and again only when it certainly was not processed; any answer below 500 but 429 is
     * returned as it came.
     *
     * @throws OutcomeUnknownException when it may have been processed but no answer came (or a 5xx did)
     */
    public HttpResponse<String> write(HttpRequest request, String what, int weight) {
        return call(request, what, weight, true);
    }

    private HttpResponse<String> call(HttpRequest request, String what, int weight, boolean write) {
        VenueException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                pause(attempt - 1, what, last);
            }
            acquire(weight, write);
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // Never connected, so nothing was sent: a write may go again as it is (its nonce is unused).
                boolean unsent = e instanceof ConnectException || e instanceof HttpConnectTimeoutException;
                if (write && !unsent) {
                    throw new OutcomeUnknownException(venue + " " + what + " sent, no answer: " + describe(e), e);
                }
                last = VenueException.unavailable(venue + " " + what + (write ? " could not connect: " : " failed: ")
                        + describe(e), e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                String message = "interrupted during " + venue + " " + what;
                throw write ? new OutcomeUnknownException(message, e) : VenueException.unavailable(message, e);
            }
            int status = response.statusCode();
            if (write && status >= 500) {
                throw new OutcomeUnknownException(answered(what, response), null);
            }
            if (status == 429 || status >= 500) {
                // A rate-limited request is refused before it is processed, so even a write may go again.
                last = VenueException.unavailable(answered(what, response), null);
                continue;
            }
            return response;
        }
        throw last;
    }

    /** What is left of the rate limit's budget now. */
    public double budgetLeft() {
        return limiter.available();
    }

    /** Takes weight that only the answer made known (long lists cost extra), without waiting. */
    public void charge(int weight) {
        limiter.charge(weight);
    }

    /** The answer's JSON; an answer that is not JSON is the venue being unavailable, quoted. */
    public JsonNode json(HttpResponse<String> response, String what) {
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw VenueException.unavailable(venue + " " + what + " answered " + response.statusCode()
                    + " with something that is not JSON: " + shorten(response.body()), null);
        }
    }

    /** "hyperliquid /info meta answered 404: ..." */
    public String answered(String what, HttpResponse<String> response) {
        return venue + " " + what + " answered " + response.statusCode() + ": " + shorten(response.body());
    }

    /** Waits out attempt {@code attempt}'s backoff between two tries of a whole venue action (a placement). */
    public void pause(int attempt) {
        sleep(backoff.delay(attempt));
    }

    private void pause(int attempt, String what, VenueException cause) {
        Duration delay = backoff.delay(attempt);
        log.warn("event={}_retry request=\"{}\" attempt={} delay_ms={} cause=\"{}\"", logName, what, attempt + 1,
                delay.toMillis(), cause == null ? "" : cause.getMessage());
        sleep(delay);
    }

    /** Waits {@code delay} on the client's sleeper; an interrupt fails the call as unavailable. */
    public void sleep(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unavailable("interrupted during backoff", e);
        }
    }

    private void acquire(int weight, boolean write) {
        try {
            if (write) {
                limiter.acquire(weight);
            } else {
                limiter.acquireRead(weight);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unavailable("interrupted while waiting for the rate limit", e);
        }
    }

    public static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** One line of at most 200 characters: safe to put a venue's answer into a log line or a message. */
    public static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= QUOTE_CHARS ? oneLine : oneLine.substring(0, QUOTE_CHARS) + "...";
    }

    /** The innermost cause's class and message: what actually went wrong under the wrappers. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return describe(root);
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
