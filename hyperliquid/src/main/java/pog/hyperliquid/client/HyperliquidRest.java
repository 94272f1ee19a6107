package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.venue.VenueException;
import pog.venue.net.OutcomeUnknownException;
import pog.venue.net.RestCalls;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * POST {@code /info} and {@code /exchange} with Hyperliquid's request weights, over the shared retry plumbing
 * ({@link RestCalls}): info calls are read-only, so 429, 5xx and network failures are retried (bounded); an exchange
 * call is retried only when it certainly was not processed (429, connection refused), any other failure after
 * sending is an {@link OutcomeUnknownException} for the caller to resolve by looking the order up.
 *
 * <p>Neither request bodies nor key material ever go into a log line or an exception message; answers are quoted
 * (shortened) because they hold only the venue's words.
 */
final class HyperliquidRest {
    static final ObjectMapper JSON = RestCalls.JSON;
    private static final Set<String> WEIGHT_2 = Set.of("l2Book", "allMids", "clearinghouseState", "orderStatus",
            "spotClearinghouseState", "exchangeStatus");
    private static final Set<String> PER_20_ITEMS = Set.of("recentTrades", "historicalOrders", "userFills",
            "userFillsByTime", "fundingHistory", "userFunding", "nonUserFundingUpdates", "twapHistory",
            "userTwapSliceFills", "userTwapSliceFillsByTime", "delegatorHistory", "delegatorRewards", "validatorStats");

    private static final int FILLS_PAGE = 2000;
    private static final int MAX_FILL_PAGES = 10;

    private final RestCalls calls;
    private final URI infoUri;
    private final URI exchangeUri;
    private final Duration timeout;

    HyperliquidRest(RestCalls calls, String baseUrl, Duration timeout) {
        this.calls = calls;
        this.infoUri = URI.create(baseUrl + "/info");
        this.exchangeUri = URI.create(baseUrl + "/exchange");
        this.timeout = timeout;
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
        String what = "/info " + type;
        JsonNode answer = answer(calls.read(post(infoUri, request), what, infoWeight(type)), what);
        if (answer.isArray()) {
            int extra = extraWeight(type, answer.size());
            if (extra > 0) {
                calls.charge(extra);
            }
        }
        return answer;
    }

    /**
     * Sends a signed action once (again only if it certainly was not processed).
     *
     * @throws OutcomeUnknownException when it may have been processed but no answer came
     */
    JsonNode exchange(ObjectNode body, String actionType, int batchLength) {
        String what = "/exchange " + actionType;
        return answer(calls.write(post(exchangeUri, body), what, exchangeWeight(batchLength)), what);
    }

    /**
     * {@code userFillsByTime} of {@code user} from {@code startTime} on, paged (a full page of 2000 may have more
     * behind it; the next page starts at its newest millisecond, inclusive) and without repeats, at most 10 pages.
     */
    List<JsonNode> fillsByTime(String user, long startTime) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        long start = startTime;
        for (int page = 0; page < MAX_FILL_PAGES; page++) {
            ObjectNode req = JSON.createObjectNode().put("type", "userFillsByTime").put("user", user);
            req.put("startTime", start);
            req.putNull("endTime");
            req.put("aggregateByTime", false);
            JsonNode answer = info(req);
            long newest = start;
            for (JsonNode f : answer) {
                byId.put(HyperliquidAdapters.fillId(f), f);
                newest = Math.max(newest, f.path("time").asLong());
            }
            if (answer.size() < FILLS_PAGE || newest <= start) {
                break;
            }
            start = newest;
        }
        return new ArrayList<>(byId.values());
    }

    double budgetLeft() {
        return calls.budgetLeft();
    }

    /** Between two tries of a whole placement or cancel. */
    void pause(int attempt) {
        calls.pause(attempt);
    }

    /** Waits (on the client's sleeper) until {@code epochMillis} has passed on {@code nowMillis}'s clock. */
    void sleepPast(long epochMillis, long nowMillis) {
        long wait = epochMillis - nowMillis + 1;
        if (wait > 0) {
            calls.sleep(Duration.ofMillis(wait));
        }
    }

    private JsonNode answer(HttpResponse<String> response, String what) {
        if (response.statusCode() >= 400) {
            throw VenueException.rejected(calls.answered(what, response));
        }
        return calls.json(response, what);
    }

    private HttpRequest post(URI uri, JsonNode body) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8))
                .build();
    }

    static String write(JsonNode node) {
        return RestCalls.write(node);
    }

    static String shorten(String text) {
        return RestCalls.shorten(text);
    }
}
