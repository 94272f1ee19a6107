package pog.alerts.channels;

import pog.alerts.Channel;
import pog.alerts.ChannelConfig;
import pog.alerts.Message;
import pog.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Discord webhook: {@code POST <url>} with {@code {"content": "..."}} (at most 2000 characters); Discord answers
 * 204 No Content, or 429 with {@code retry_after} when rate-limited.
 */
public final class DiscordChannel implements Channel {
    static final int MAX_CONTENT = 2000;

    private final ChannelConfig.Discord config;

    public DiscordChannel(ChannelConfig.Discord config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "discord";
    }

    @Override
    public void send(Message m) throws DeliveryException {
        String text = "**" + m.headline() + "**\n" + m.body();
        if (text.length() > MAX_CONTENT) {
            text = text.substring(0, MAX_CONTENT - 1) + "…";
        }
        HttpPost.Answer a = HttpPost.post("Discord", config.url(), "application/json",
                Json.write(Map.of("content", text)).getBytes(StandardCharsets.UTF_8), Map.of());
        if (!a.success()) {
            String why = null;
            try {
                why = Json.mapper().readTree(a.body()).path("message").asText(null);
            } catch (Exception e) {
                // not Discord's JSON error
            }
            throw HttpPost.refused("Discord", a, why);
        }
    }
}
