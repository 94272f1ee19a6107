package pog.hyperliquid.client;

import pog.venue.net.Backoff;
import pog.venue.net.RateLimiter;
import pog.venue.net.Sleeper;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.VenueException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * POST {@code /info} and {@code /exchange} with Hyperliquid's request weights, a client-side rate limiter and
 * backoff. Info calls are read-only, so 429, 5xx and network failures are retried (bounded). An exchange call is
 * retried only when it certainly was not processed (429, connection refused); any other failure after sending is an
 * {@link OutcomeUnknownException} for the caller to resolve by looking the order up.
 *
 * <p>Neither request bodies nor key material ever go into a log line or an exception message; answers are quoted
 * (shortened) because they hold only the venue's words.
 */
final class RestClient {
    private static final Logger log = LoggerFactory.getLogger(RestClient.class);
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final Set<String> WEIGHT_2 = Set.of("l2Book", "allMids", "clearinghouseState", "orderStatus",
            "spotClearinghouseState", "exchangeStatus");
    private static final Set<String> PER_20_ITEMS = Set.of("recentTrades", "historicalOrders", "userFills",
            "userFillsByTime", "fundingHistory", "userFunding", "nonUserFundingUpdates", "twapHistory",
            "userTwapSliceFills", "userTwapSliceFillsByTime", "delegatorHistory", "delegatorRewards", "validatorStats");

    private final HttpClient http;
    private final URI infoUri;
    private final URI exchangeUri;
    private final Duration timeout;
    private final RateLimiter limiter;
    private final Backoff backoff;
    private final Sleeper sleeper;
    private final int maxRetries;

    RestClient(HttpClient http, String baseUrl, Duration timeout, RateLimiter limiter, Backoff backoff,
               Sleeper sleeper, int maxRetries) {
        this.http = http;
        this.infoUri = URI.create(baseUrl + "/info");
        this.exchangeUri = URI.create(baseUrl + "/exchange");
        this.timeout = timeout;
        this.limiter = limiter;
        this.backoff = backoff;
        this.sleeper = sleeper;
        this.maxRetries = maxRetries;
    }

    /** The weight Hyperliquid charges for an info request of this type, before any per-item extra. */
    static int infoWeight(String type) {
        if (WEIGHT_2.contains(type)) {
            return 2;
        }
        return "userRole".equals(type) ? 60 : 20;
    }

    /** The extra weight an answer of {@code items} entries costs. */
    static int extraWeight(String type, int items) {
        if (PER_20_ITEMS.contains(type)) {
            return items / 20;
        }
        return "candleSnapshot".equals(type) ? items / 60 : 0;
    }

    /** {@code 1 + floor(batchLength / 40)}. */
    static int exchangeWeight(int batchLength) {
        return 1 + batchLength / 40;
    }

    JsonNode info(ObjectNode request) {
        String type = request.path("type").asText();
        String body = write(request);
        VenueException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                pause(attempt - 1, "/info", type, last);
            }
            acquire(infoWeight(type));
            HttpResponse<String> response;
            try {
                response = http.send(request(infoUri, body), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                last = VenueException.unavailable("hyperliquid /info " + type + " failed: " + describe(e), e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VenueException.unavailable("interrupted during /info " + type, e);
            }
            int status = response.statusCode();
            if (status == 429 || status >= 500) {
                last = VenueException.unavailable("hyperliquid /info " + type + " answered " + status + ": "
                        + shorten(response.body()), null);
                continue;
            }
            if (status >= 400) {
                throw VenueException.rejected("hyperliquid /info " + type + " answered " + status + ": "
                        + shorten(response.body()));
            }
            JsonNode answer = parse(response.body(), "/info " + type);
            if (answer.isArray()) {
                int extra = extraWeight(type, answer.size());
                if (extra > 0) {
                    limiter.charge(extra);
                }
            }
            return answer;
        }
        throw last;
    }

    /**
     * Sends a signed action once (again only if it certainly was not processed).
     *
     * @throws OutcomeUnknownException when it may have been processed but no answer came
     */
    JsonNode exchange(ObjectNode body, String actionType, int batchLength) {
        String text = write(body);
        VenueException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                pause(attempt - 1, "/exchange", actionType, last);
            }
            acquire(exchangeWeight(batchLength));
            HttpResponse<String> response;
            try {
                response = http.send(request(exchangeUri, text),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                // Never connected, so nothing was sent: the same signed body may go again (its nonce is unused).
                last = VenueException.unavailable("hyperliquid /exchange " + actionType + " could not connect: "
                        + describe(e), e);
                continue;
            } catch (IOException e) {
                throw new OutcomeUnknownException("hyperliquid /exchange " + actionType + " sent, no answer: "
                        + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OutcomeUnknownException("interrupted during /exchange " + actionType, e);
            }
            int status = response.statusCode();
            if (status == 429) {
                // Rate limited requests are refused before they are processed.
                last = VenueException.unavailable("hyperliquid /exchange " + actionType + " answered 429: "
                        + shorten(response.body()), null);
                continue;
            }
            if (status >= 500) {
                throw new OutcomeUnknownException("hyperliquid /exchange " + actionType + " answered " + status + ": "
                        + shorten(response.body()), null);
            }
            if (status >= 400) {
                throw VenueException.rejected("hyperliquid /exchange " + actionType + " answered " + status + ": "
                        + shorten(response.body()));
            }
            return parse(response.body(), "/exchange " + actionType);
        }
        throw last;
    }

    private HttpRequest request(URI uri, String body) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
    }

    private void acquire(int weight) {
        try {
            limiter.acquire(weight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unavailable("interrupted while waiting for the rate limit", e);
        }
    }

    private void pause(int attempt, String path, String type, VenueException cause) {
        Duration delay = backoff.delay(attempt);
        log.warn("event=hl_retry path={} type={} attempt={} delay_ms={} cause=\"{}\"", path, type, attempt + 1,
                delay.toMillis(), cause == null ? "" : cause.getMessage());
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unavailable("interrupted during backoff", e);
        }
    }

    private static JsonNode parse(String body, String what) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw VenueException.unavailable("hyperliquid " + what + " answered something that is not JSON: "
                    + shorten(body), null);
        }
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String describe(IOException e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }

    static String shorten(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }
}
