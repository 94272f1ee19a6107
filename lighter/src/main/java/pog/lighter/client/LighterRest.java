package pog.lighter.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import pog.venue.net.Backoff;
import pog.venue.net.OutcomeUnknownException;
import pog.venue.net.RateLimiter;
import pog.venue.net.RestCalls;
import pog.venue.net.Sleeper;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * GET and form-POST under {@code /api/v1}, each request taking one token of the client's per-minute budget, over the
 * shared retry plumbing ({@link RestCalls}): reads are retried with backoff on 429, 5xx and network failures; a
 * {@code sendTx} is retried only when it certainly was not processed (429, never connected), any other failure after
 * sending is an {@link OutcomeUnknownException}. Lighter's refusals ({@code code != 200}) are a
 * {@link RefusedException}. Request bodies (signed transactions) and auth tokens never go into logs or messages.
 */
final class LighterRest {
    static final ObjectMapper JSON = RestCalls.JSON;

    private final RestCalls calls;
    private final String base;
    private final Duration timeout;

    LighterRest(HttpClient http, String baseUrl, Duration timeout, Backoff backoff, int maxRetries,
                RateLimiter limiter) {
        this.calls = new RestCalls("lighter", "lighter", http, limiter, backoff, Sleeper.REAL, maxRetries);
        this.base = baseUrl + "/api/v1/";
        this.timeout = timeout;
    }

    /** A read; {@code auth} (may be null) goes in the Authorization header. */
    JsonNode get(String endpoint, Map<String, String> params, String auth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + endpoint + "?" + form(params)))
                .timeout(timeout).GET();
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return answer(endpoint, calls.read(b.build(), endpoint, 1));
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
        return answer(endpoint, calls.write(request, endpoint, 1));
    }

    /** Between two tries of a whole placement or cancel. */
    void pause(int attempt) {
        calls.pause(attempt);
    }

    private JsonNode answer(String endpoint, HttpResponse<String> response) {
        JsonNode node = calls.json(response, endpoint);
        int status = response.statusCode();
        int code = node.path("code").asInt(status);
        if (code != 200 || status != 200) {
            throw new RefusedException(code, "lighter " + endpoint + " refused (" + code + "): "
                    + shorten(node.path("message").asText(response.body())));
        }
        return node;
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

    static String shorten(String text) {
        return RestCalls.shorten(text);
    }
}
