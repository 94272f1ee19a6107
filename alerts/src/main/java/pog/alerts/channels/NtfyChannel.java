package pog.alerts.channels;

import pog.alerts.Channel;
import pog.alerts.ChannelConfig;
import pog.alerts.Message;
import pog.alerts.Severity;
import pog.common.json.Json;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ntfy, published as JSON: {@code POST <baseUrl>/} with {@code {topic, title, message, priority, tags, click}};
 * with a {@code token}, {@code Authorization: Bearer <token>} (an access token of a protected topic). Priority 5
 * (urgent) for critical, 4 for warning, 3 for info and resolves.
 */
public final class NtfyChannel implements Channel {
    private final ChannelConfig.Ntfy config;

    public NtfyChannel(ChannelConfig.Ntfy config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "ntfy";
    }

    @Override
    public void send(Message m) throws DeliveryException {
        boolean resolve = "resolve".equals(m.kind());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("topic", config.topic());
        payload.put("title", m.headline());
        payload.put("message", m.body());
        payload.put("priority", resolve || m.severity() == Severity.INFO ? 3 : m.severity() == Severity.WARNING ? 4 : 5);
        payload.put("tags", List.of(resolve ? "white_check_mark" : m.severity() == Severity.CRITICAL ? "rotating_light"
                : "warning"));
        if (m.link() != null && !m.link().isBlank()) {
            payload.put("click", m.link());
        }
        Map<String, String> headers = config.token() == null || config.token().isBlank() ? Map.of()
                : Map.of("Authorization", "Bearer " + config.token());
        String base = config.baseUrl().endsWith("/") ? config.baseUrl() : config.baseUrl() + "/";
        HttpPost.Answer a = HttpPost.post("ntfy", base, "application/json",
                Json.write(payload).getBytes(StandardCharsets.UTF_8), headers);
        if (!a.success()) {
            String why = null;
            try {
                why = Json.mapper().readTree(a.body()).path("error").asText(null);
            } catch (Exception e) {
                // not ntfy's JSON error
            }
            throw HttpPost.refused("ntfy", a, why);
        }
    }
}
