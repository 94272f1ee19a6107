package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import pog.venue.Fill;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The account's perp fills, whether asked for ({@link #since}), pushed live or gap-filled after a reconnect: each
 * with its cursor ({@link FillCursors}) and our client id, and each pushed to the listeners exactly once.
 */
final class HyperliquidFills {
    /** orderStatus lookups one batch of fills may cost to find the client ids of oids we never placed here. */
    private static final int MAX_OID_LOOKUPS = 20;

    private final HyperliquidRest rest;
    private final ClientIds ids;
    private final String user;
    private final Predicate<String> isPerp;
    private final FillCursors cursors;

    HyperliquidFills(HyperliquidRest rest, ClientIds ids, String user, Predicate<String> isPerp, long startTime) {
        this.rest = rest;
        this.ids = ids;
        this.user = user;
        this.isPerp = isPerp;
        this.cursors = new FillCursors(startTime);
    }

    /**
     * Fills after {@code cursor}, oldest first. Cursors are {@code time_ms * 1000 + rank within the millisecond by
     * tid}; {@code userFillsByTime} is asked from the cursor's millisecond on.
     */
    List<Fill> since(long cursor) {
        List<Fill> out = new ArrayList<>();
        int[] lookups = {0};
        for (FillCursors.Ranked r : FillCursors.rank(rest.fillsByTime(user, FillCursors.startTime(cursor)))) {
            // Ranked among all of the account's fills (spot too), so cursors agree with the stream's.
            if (r.cursor() > cursor && perp(r.fill())) {
                out.add(HyperliquidAdapters.fill(r.fill(), r.cursor(), clientIdOf(r.fill(), lookups)));
            }
        }
        return out;
    }

    /** Stream thread: whatever filled while the stream was away (or before it first came up), once. */
    void gapFill(Consumer<Fill> deliver) {
        deliver(rest.fillsByTime(user, cursors.lastTime()), deliver);
    }

    /** Stream thread: fills pushed live; any already delivered (by the gap-fill or before) are left out. */
    /**
     * Stream thread: the {@code userFills} snapshot the venue sends when the subscription takes effect. Most of it is
     * history, but a fill made after the gap-fill's query and before the venue applied the subscription is in this
     * snapshot only (never pushed, since the subscription was not in place yet): so the snapshot's fills from the
     * gap-fill's own starting millisecond on are delivered, the ones already delivered dropped as always.
     */
    void snapshot(List<JsonNode> fills, Consumer<Fill> deliver) {
        long from = cursors.lastTime();
        deliver(fills.stream().filter(f -> f.path("time").asLong() >= from).toList(), deliver);
    }

    void deliver(List<JsonNode> fills, Consumer<Fill> deliver) {
        int[] lookups = {0};
        for (FillCursors.Ranked r : cursors.accept(fills)) {
            if (perp(r.fill())) {
                deliver.accept(HyperliquidAdapters.fill(r.fill(), r.cursor(), clientIdOf(r.fill(), lookups)));
            }
        }
    }

    private boolean perp(JsonNode fill) {
        return isPerp.test(fill.path("coin").asText());
    }

    /** Our client id for a fill: through its oid's cloid, learnt from our answers or (bounded) from orderStatus. */
    private String clientIdOf(JsonNode f, int[] lookups) {
        String cloid = HyperliquidAdapters.text(f, "cloid");
        long oid = f.path("oid").asLong();
        if (cloid == null) {
            cloid = ids.cloidOfOid(oid);
        }
        if (cloid == null && lookups[0] < MAX_OID_LOOKUPS) {
            lookups[0]++;
            ObjectNode req = HyperliquidRest.JSON.createObjectNode().put("type", "orderStatus").put("user", user);
            JsonNode o = rest.info(req.put("oid", oid)).path("order").path("order");
            cloid = HyperliquidAdapters.text(o, "cloid");
            ids.linkOid(cloid, oid);
        }
        return cloid == null ? null : ids.clientIdOf(cloid);
    }
}
