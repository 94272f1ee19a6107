package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The venue's per-IP budget (docs, Rate limits and user limits): a weight of 1200 per minute, refilled continuously
 * here. An exchange action weighs {@code 1 + floor(batch / 40)}; an info request 2 (l2Book, allMids,
 * clearinghouseState, orderStatus, spotClearinghouseState, exchangeStatus), 60 (userRole) or 20, plus 1 per 20
 * items of the answer for fill, order and funding lists and 1 per 60 for candles (charged after answering). A
 * request the budget cannot pay for is answered HTTP 429 and not handled. Time is the simulator's clock.
 */
final class IpWeights {
    private static final Set<String> WEIGHT_2 = Set.of("l2Book", "allMids", "clearinghouseState", "orderStatus",
            "spotClearinghouseState", "exchangeStatus");
    private static final Set<String> PER_20_ITEMS = Set.of("recentTrades", "historicalOrders", "userFills",
            "userFillsByTime", "fundingHistory", "userFunding", "userNonFundingLedgerUpdates", "twapHistory",
            "userTwapSliceFills", "userTwapSliceFillsByTime", "delegatorHistory", "delegatorRewards",
            "validatorStats");

    private final long perMinute;
    private final Clock clock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** @param perMinute the weight each IP may spend per minute; 0 turns the limit off */
    IpWeights(long perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    boolean enabled() {
        return perMinute > 0;
    }

    static int infoWeight(String type) {
        if (WEIGHT_2.contains(type)) {
            return 2;
        }
        return "userRole".equals(type) ? 60 : 20;
    }

    static int exchangeWeight(JsonNode action) {
        JsonNode list = action == null ? null : action.has("orders") ? action.get("orders")
                : action.has("cancels") ? action.get("cancels") : action.get("modifies");
        return 1 + (list != null && list.isArray() ? list.size() / 40 : 0);
    }

    /** The weight an answer adds once it is known (long lists cost more). */
    static int extraWeight(String type, JsonNode answer) {
        int items = answer != null && answer.isArray() ? answer.size() : 0;
        if (PER_20_ITEMS.contains(type)) {
            return items / 20;
        }
        return "candleSnapshot".equals(type) ? items / 60 : 0;
    }

    /** Takes {@code weight} from the IP's budget; false (nothing taken) when it cannot pay. */
    boolean take(String ip, int weight) {
        if (!enabled()) {
            return true;
        }
        return buckets.computeIfAbsent(ip, k -> new Bucket(perMinute, clock.millis())).take(weight, perMinute,
                clock.millis(), false);
    }

    /** Charges a weight that was only known after answering; the budget may go below zero. */
    void charge(String ip, int weight) {
        if (enabled() && weight > 0) {
            buckets.computeIfAbsent(ip, k -> new Bucket(perMinute, clock.millis())).take(weight, perMinute,
                    clock.millis(), true);
        }
    }

    private static final class Bucket {
        private double tokens;
        private long at;

        Bucket(long capacity, long now) {
            this.tokens = capacity;
            this.at = now;
        }

        synchronized boolean take(int weight, long capacity, long now, boolean always) {
            if (now > at) {
                tokens = Math.min(capacity, tokens + (now - at) * capacity / 60_000.0);
                at = now;
            }
            if (!always && tokens < weight) {
                return false;
            }
            tokens -= weight;
            return true;
        }
    }
}
