package pog.lighter.client;

import com.fasterxml.jackson.databind.JsonNode;
import pog.venue.net.ReconnectingSocket;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lighter's {@code /stream} in the words of the shared {@link ReconnectingSocket}: pings are {@code {"type":"ping"}},
 * the server's own pings are answered with {@code {"type":"pong"}}, and the subscriptions ({@code order_book/{market}}
 * per market, {@code account_all/{account}} with an auth token) are built afresh for every connection, so the token
 * in them is never stale.
 */
final class LighterStream extends ReconnectingSocket.Dialect {
    private final Supplier<List<Integer>> marketIds;
    private final long accountIndex;
    private final Supplier<String> auth;

    LighterStream(Supplier<List<Integer>> marketIds, long accountIndex, Supplier<String> auth) {
        super("lighter", "{\"type\":\"ping\"}");
        this.marketIds = marketIds;
        this.accountIndex = accountIndex;
        this.auth = auth;
    }

    @Override
    public List<String> subscriptions() {
        List<String> subs = new ArrayList<>();
        for (int id : marketIds.get()) {
            subs.add("{\"type\":\"subscribe\",\"channel\":\"order_book/" + id + "\"}");
        }
        subs.add("{\"type\":\"subscribe\",\"channel\":\"account_all/" + accountIndex + "\",\"auth\":\"" + auth.get()
                + "\"}");
        return subs;
    }

    @Override
    public String reply(JsonNode message) {
        return "ping".equals(channelOf(message)) ? "{\"type\":\"pong\"}" : null;
    }

    @Override
    public String channelOf(JsonNode message) {
        return message.path("type").asText("");
    }
}
