package pog.alerts.channels;

import com.fasterxml.jackson.databind.JsonNode;
import pog.alerts.Channel;
import pog.alerts.ChannelConfig;
import pog.alerts.Message;
import pog.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Telegram Bot API: {@code POST <baseUrl>/bot<token>/sendMessage} with {@code chat_id} and {@code text} (plain text,
 * so nothing in a title needs escaping). Telegram answers {@code {"ok": true, ...}} or {@code {"ok": false,
 * "error_code": N, "description": "..."}}; the description is what the person sees.
 */
public final class TelegramChannel implements Channel {
    /** Telegram's limit for one message's text. */
    static final int MAX_TEXT = 4096;

    private final ChannelConfig.Telegram config;

    public TelegramChannel(ChannelConfig.Telegram config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "telegram";
    }

    @Override
    public void send(Message m) throws DeliveryException {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("chat_id", config.chatId());
        String text = m.text();
        payload.put("text", text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT - 1) + "…" : text);
        payload.put("disable_web_page_preview", true);
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                : config.baseUrl();
        HttpPost.Answer a = HttpPost.post("Telegram", base + "/bot" + config.botToken() + "/sendMessage",
                "application/json", Json.write(payload).getBytes(StandardCharsets.UTF_8), Map.of());
        JsonNode answer = null;
        try {
            answer = Json.mapper().readTree(a.body());
        } catch (Exception e) {
            // not Telegram's JSON: judged by the status alone
        }
        boolean ok = a.success() && (answer == null || answer.path("ok").asBoolean(true));
        if (!ok) {
            String why = answer == null ? null : answer.path("description").asText(null);
            throw HttpPost.refused("Telegram", a, why);
        }
    }
}
