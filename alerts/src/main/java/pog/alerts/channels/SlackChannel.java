package pog.alerts.channels;

import pog.alerts.Channel;
import pog.alerts.ChannelConfig;
import pog.alerts.Message;
import pog.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Slack incoming webhook: {@code POST <url>} with {@code {"text": "..."}}; Slack answers 200 {@code ok}, or an error
 * status with a short reason in the body ({@code invalid_payload}, {@code no_service}, {@code channel_not_found}).
 */
public final class SlackChannel implements Channel {
    private final ChannelConfig.Slack config;

    public SlackChannel(ChannelConfig.Slack config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public void send(Message m) throws DeliveryException {
        String text = "*" + m.headline() + "*\n" + m.body();
        HttpPost.Answer a = HttpPost.post("Slack", config.url(), "application/json",
                Json.write(Map.of("text", text)).getBytes(StandardCharsets.UTF_8), Map.of());
        if (!a.success()) {
            throw HttpPost.refused("Slack", a, a.body());
        }
    }
}
