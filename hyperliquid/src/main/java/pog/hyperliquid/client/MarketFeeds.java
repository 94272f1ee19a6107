package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import pog.venue.Funding;
import pog.venue.Side;
import pog.venue.TopOfBook;
import pog.venue.Trade;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Hyperliquid's market channels as venue events: {@code bbo} ({@code {coin, time, bbo: [bid|null, ask|null]}}, each
 * level {@code {px, sz, n}}), {@code trades} ({@code [{coin, side: B|A, px, sz, time, tid}]}; B: the buyer took) and
 * {@code activeAssetCtx} ({@code {coin, ctx: {funding, ...}}}; funding is charged every hour on the hour).
 */
final class MarketFeeds {
    static final long FUNDING_PERIOD_MILLIS = 3_600_000;

    private MarketFeeds() {
    }

    static TopOfBook bbo(JsonNode data, long now) {
        JsonNode levels = data.path("bbo");
        JsonNode bid = levels.path(0);
        JsonNode ask = levels.path(1);
        return new TopOfBook(data.path("coin").asText(), decimal(bid, "px"), decimal(bid, "sz"), decimal(ask, "px"),
                decimal(ask, "sz"), data.path("time").asLong(now));
    }

    static List<Trade> trades(JsonNode data) {
        List<Trade> out = new ArrayList<>();
        for (JsonNode t : data) {
            BigDecimal px = decimal(t, "px");
            if (px == null) {
                continue;
            }
            out.add(new Trade(t.path("coin").asText(), px, decimal(t, "sz"),
                    "B".equals(t.path("side").asText()) ? Side.BUY : Side.SELL, t.path("time").asLong()));
        }
        return out;
    }

    /** Null when the context carries no funding rate (a spot asset). */
    static Funding funding(JsonNode data, long now) {
        BigDecimal rate = decimal(data.path("ctx"), "funding");
        if (rate == null) {
            return null;
        }
        long next = (now / FUNDING_PERIOD_MILLIS + 1) * FUNDING_PERIOD_MILLIS;
        return new Funding(data.path("coin").asText(), rate, next, now);
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull() || v.asText().isEmpty()) {
            return null;
        }
        try {
            return new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
