package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.venue.net.Backoff;
import pog.venue.net.ReconnectingSocket;
import pog.venue.net.Transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hyperliquid's {@code /ws} in the words of the shared {@link ReconnectingSocket}: pings are
 * {@code {"method":"ping"}}, a pong is {@code {"channel":"pong"}}, the greeting ("Websocket connection
 * established.") is not JSON and is passed over. It subscribes the account's mids, order updates and fills on every
 * connection, plus any channel a caller asked for through {@link #subscribeChannel}, whose messages it routes.
 */
final class HyperliquidStream extends ReconnectingSocket.Dialect {
    private static final Logger log = LoggerFactory.getLogger(HyperliquidStream.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final List<String> builtIn;
    private final Set<String> builtInChannels = new HashSet<>();
    private final Map<String, List<Consumer<JsonNode>>> channelHandlers = new ConcurrentHashMap<>();
    private final ReconnectingSocket socket;

    HyperliquidStream(HttpClient http, URI uri, Transport transport, String user, ReconnectingSocket.Handler handler,
                      Clock clock) {
        super("hl", "{\"method\":\"ping\"}");
        List<ObjectNode> subscriptions = List.of(subscription("allMids", null), subscription("orderUpdates", user),
                subscription("userFills", user));
        subscriptions.forEach(s -> builtInChannels.add(Channels.ofSubscription(s)));
        this.builtIn = subscriptions.stream().map(s -> message("subscribe", s)).toList();
        this.socket = new ReconnectingSocket(http, uri, transport, this, handler, clock, Backoff.JITTER);
    }

    ReconnectingSocket socket() {
        return socket;
    }

    @Override
    public List<String> subscriptions() {
        return builtIn;
    }

    @Override
    public boolean ignore(String text) {
        return !text.startsWith("{");
    }

    @Override
    public String channelOf(JsonNode message) {
        return message.path("channel").asText();
    }

    /**
     * Any other subscription ({@code {"type":"l2Book","coin":"BTC"}}, {@code trades}, {@code candle}, ...): its
     * messages go to {@code handler} until the handle is closed; renewed on every reconnect, subscribed once however
     * many handlers share it, and never a second time for the account's own channels.
     */
    AutoCloseable subscribeChannel(ObjectNode subscription, Consumer<JsonNode> handler) {
        String id = Channels.ofSubscription(subscription);
        String subscribe = message("subscribe", subscription);
        String unsubscribe = message("unsubscribe", subscription);
        boolean first;
        synchronized (channelHandlers) {
            List<Consumer<JsonNode>> handlers = channelHandlers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
            first = handlers.isEmpty();
            handlers.add(handler);
        }
        if (first && !builtInChannels.contains(id)) {
            socket.add(subscribe);
        }
        return () -> {
            boolean last;
            synchronized (channelHandlers) {
                List<Consumer<JsonNode>> handlers = channelHandlers.getOrDefault(id, List.of());
                last = handlers.remove(handler) && handlers.isEmpty();
            }
            if (last && !builtInChannels.contains(id)) {
                socket.remove(subscribe, unsubscribe);
            }
        };
    }

    /** Gives a message to the handlers of its channel; one that throws is logged and the others still hear it. */
    void route(JsonNode msg) {
        String id = Channels.ofMessage(msg);
        List<Consumer<JsonNode>> handlers = id == null ? null : channelHandlers.get(id);
        if (handlers == null) {
            return;
        }
        for (Consumer<JsonNode> h : handlers) {
            try {
                h.accept(msg);
            } catch (RuntimeException e) {
                log.warn("event=hl_channel_handler_failed channel={} error=\"{}\"", id, e.toString());
            }
        }
    }

    private static ObjectNode subscription(String type, String user) {
        ObjectNode sub = F.objectNode().put("type", type);
        return user == null ? sub : sub.put("user", user);
    }

    private static String message(String method, ObjectNode subscription) {
        ObjectNode msg = F.objectNode().put("method", method);
        msg.set("subscription", subscription.deepCopy());
        return HyperliquidRest.write(msg);
    }
}
