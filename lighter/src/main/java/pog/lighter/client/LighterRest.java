package pog.lighter.client;

import pog.venue.net.Backoff;
import pog.venue.net.RateLimiter;
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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * GET and form-POST under {@code /api/v1}, each request taking one token of the client's per-minute budget. Reads are retried with backoff on 429, 5xx and network failures. A
 * {@code sendTx} is retried only when it certainly was not processed (429, never connected); any other failure after
 * sending is an {@link OutcomeUnknownException}. Lighter's refusals ({@code code != 200}) are a
 * {@link RefusedException}. Request bodies (signed transactions) and auth tokens never go into logs or messages.
 */
final class LighterRest {
    private static final Logger log = LoggerFactory.getLogger(LighterRest.class);
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final HttpClient http;
    private final String base;
    private final Duration timeout;
    private final Backoff backoff;
    private final int maxRetries;
    private final RateLimiter limiter;

    LighterRest(HttpClient http, String baseUrl, Duration timeout, Backoff backoff, int maxRetries,
                RateLimiter limiter) {
        this.limiter = limiter;
        this.http = http;
        this.base = baseUrl + "/api/v1/";
        this.timeout = timeout;
        this.backoff = backoff;
        this.maxRetries = maxRetries;
    }

    /** A read; {@code auth} (may be null) goes in the Authorization header. */
    JsonNode get(String endpoint, Map<String, String> params, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + endpoint + "?" + form(params)))
                .timeout(timeout).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        HttpRequest request = b.build();
        VenueException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                pause(attempt - 1, endpoint, last);
            }
            acquire();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                last = VenueException.unavailable("lighter " + endpoint + " failed: " + describe(e), e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw VenueException.unavailable("interrupted during " + endpoint, e);
            }
            int status = response.statusCode();
            if (status == 429 || status >= 500) {
                last = VenueException.unavailable("lighter " + endpoint + " answered " + status, null);
                continue;
            }
            return answer(endpoint, status, response.body());
        }
        throw last;
    }

    /**
     * Posts form fields once (again only if they certainly were not processed).
     *
     * @throws OutcomeUnknownException when they may have been processed but no answer came
     */
    JsonNode post(String endpoint, Map<String, String> fields) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + endpoint)).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields), StandardCharsets.UTF_8)).build();
        VenueException last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                pause(attempt - 1, endpoint, last);
            }
            acquire();
            HttpResponse<String> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (ConnectException | HttpConnectTimeoutException e) {
                last = VenueException.unavailable("lighter " + endpoint + " could not connect: " + describe(e), e);
                continue;
            } catch (IOException e) {
                throw new OutcomeUnknownException("lighter " + endpoint + " sent, no answer: " + describe(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OutcomeUnknownException("interrupted during " + endpoint, e);
            }
            int status = response.statusCode();
            if (status == 429) {
                last = VenueException.unavailable("lighter " + endpoint + " answered 429", null);
                continue;
            }
            if (status >= 500) {
                throw new OutcomeUnknownException("lighter " + endpoint + " answered " + status, null);
            }
            return answer(endpoint, status, response.body());
        }
        throw last;
    }

    private static JsonNode answer(String endpoint, int status, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw VenueException.unavailable("lighter " + endpoint + " answered " + status + " with something that is"
                    + " not JSON: " + shorten(body), null);
        }
        int code = node.path("code").asInt(status);
        if (code != 200 || status != 200) {
            throw new RefusedException(code, "lighter " + endpoint + " refused (" + code + "): "
                    + shorten(node.path("message").asText(body)));
        }
        return node;
    }

    private void acquire() {
        try {
            limiter.acquire(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unavailable("interrupted while waiting for the rate limit", e);
        }
    }

    private void pause(int attempt, String endpoint, VenueException cause) {
        Duration delay = backoff.delay(attempt);
        log.warn("event=lighter_retry endpoint={} attempt={} delay_ms={} cause=\"{}\"", endpoint, attempt + 1,
                delay.toMillis(), cause == null ? "" : cause.getMessage());
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw VenueException.unavailable("interrupted during backoff", e);
        }
    }

    private static String form(Map<String, String> params) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
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
