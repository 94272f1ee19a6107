package pog.hyperliquid.client;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * Which subscription a WebSocket message belongs to, as the Python SDK's {@code websocket_manager} matches them:
 * a subscription and the messages it brings map to the same identifier (coins and users lower-cased).
 */
final class Channels {
    private Channels() {
    }

    static String ofSubscription(JsonNode s) {
        String type = s.path("type").asText();
        return switch (type) {
            case "allMids", "userEvents", "orderUpdates" -> type;
            case "l2Book", "trades", "bbo", "activeAssetCtx" -> type + ":" + lower(s, "coin");
            case "candle" -> "candle:" + lower(s, "coin") + "," + s.path("interval").asText();
            case "userFills", "userFundings", "userNonFundingLedgerUpdates", "webData2" -> type + ":" + lower(s, "user");
            default -> throw new IllegalArgumentException("unsupported subscription type '" + type + "'");
        };
    }

    /** The identifier of a message, or null for one that belongs to no subscription (pong, responses, errors). */
    static String ofMessage(JsonNode msg) {
        String channel = msg.path("channel").asText();
        JsonNode data = msg.path("data");
        return switch (channel) {
            case "allMids", "orderUpdates" -> channel;
            case "user" -> "userEvents";
            case "l2Book", "bbo" -> channel + ":" + lower(data, "coin");
            case "activeAssetCtx", "activeSpotAssetCtx" -> "activeAssetCtx:" + lower(data, "coin");
            case "trades" -> data.isArray() && !data.isEmpty() ? "trades:" + lower(data.get(0), "coin") : null;
            case "candle" -> "candle:" + lower(data, "s") + "," + data.path("i").asText();
            case "userFills", "userFundings", "userNonFundingLedgerUpdates", "webData2" ->
                    channel + ":" + lower(data, "user");
            default -> null;
        };
    }

    private static String lower(JsonNode node, String field) {
        return node.path(field).asText().toLowerCase(Locale.ROOT);
    }
}
