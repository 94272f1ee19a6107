package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cursors for Hyperliquid fills: {@code cursor = time_ms * 1000 + rank}, where rank is the fill's place among the
 * fills of the same millisecond ordered by trade id ({@code tid}). Hyperliquid stamps every fill of a block with the
 * block's time and publishes a block's fills together, so the set of fills of one millisecond never grows once
 * seen; hence the same fill gets the same cursor from REST, from the stream and after a restart, and cursors of
 * different fills differ. A query from {@code cursor / 1000} returns every fill a cursor could skip. More than 1000
 * fills in one millisecond share the last rank (a cap no account of ours comes near).
 *
 * <p>The stream side ({@link #accept}) also remembers which fills it has delivered (by fill id, the latest 10 000),
 * so the WebSocket and a REST gap-fill after a reconnect deliver each fill once.
 */
final class FillCursors {
    static final int PER_MILLI = 1000;
    private static final int REMEMBERED = 10_000;
    private static final Comparator<JsonNode> ORDER = Comparator
            .comparingLong((JsonNode f) -> f.path("time").asLong())
            .thenComparing(FillCursors::tidKey);

    private final LinkedHashSet<String> delivered = new LinkedHashSet<>();
    private final TreeMap<Long, TreeSet<String>> idsByTime = new TreeMap<>();
    private long lastTime;

    FillCursors(long startTime) {
        this.lastTime = startTime;
    }

    record Ranked(long cursor, JsonNode fill) {
    }

    /** Cursors for a complete answer of a fills query (every fill of each millisecond it covers), oldest first. */
    static List<Ranked> rank(List<JsonNode> fills) {
        List<JsonNode> sorted = new ArrayList<>(fills);
        sorted.sort(ORDER);
        List<Ranked> out = new ArrayList<>(sorted.size());
        long time = Long.MIN_VALUE;
        int rank = 0;
        for (JsonNode f : sorted) {
            long t = f.path("time").asLong();
            rank = t == time ? rank + 1 : 0;
            time = t;
            out.add(new Ranked(t * PER_MILLI + Math.min(rank, PER_MILLI - 1), f));
        }
        return out;
    }

    /** Start of a query that returns everything after {@code cursor}. */
    static long startTime(long cursor) {
        return cursor <= 0 ? 0 : cursor / PER_MILLI;
    }

    /** The fills not delivered before, with their cursors, oldest first; marks them delivered. */
    synchronized List<Ranked> accept(List<JsonNode> fills) {
        List<JsonNode> fresh = new ArrayList<>();
        for (JsonNode f : fills) {
            String id = HyperliquidAdapters.fillId(f);
            if (delivered.add(id)) {
                fresh.add(f);
                idsByTime.computeIfAbsent(f.path("time").asLong(), t -> new TreeSet<>(FillCursors::compareIds))
                        .add(tidKey(f));
            }
        }
        fresh.sort(ORDER);
        List<Ranked> out = new ArrayList<>(fresh.size());
        for (JsonNode f : fresh) {
            long t = f.path("time").asLong();
            int rank = idsByTime.get(t).headSet(tidKey(f)).size();
            out.add(new Ranked(t * PER_MILLI + Math.min(rank, PER_MILLI - 1), f));
            lastTime = Math.max(lastTime, t);
        }
        trim();
        return out;
    }

    /** The time to gap-fill from: the newest delivered fill's millisecond (inclusive, duplicates are dropped). */
    synchronized long lastTime() {
        return lastTime;
    }

    private void trim() {
        Iterator<String> it = delivered.iterator();
        while (delivered.size() > REMEMBERED && it.hasNext()) {
            it.next();
            it.remove();
        }
        while (idsByTime.size() > REMEMBERED) {
            Map.Entry<Long, TreeSet<String>> first = idsByTime.firstEntry();
            idsByTime.remove(first.getKey());
        }
    }

    /** tid as a zero-padded number so string order is numeric order; the fallback id sorts after any tid. */
    private static String tidKey(JsonNode f) {
        JsonNode tid = f.get("tid");
        if (tid != null && tid.canConvertToLong()) {
            return String.format("%020d", tid.asLong());
        }
        return "~" + HyperliquidAdapters.fillId(f);
    }

    private static int compareIds(String a, String b) {
        return a.compareTo(b);
    }
}
