package pog.alerts.channels;

import pog.alerts.Channel;
import pog.alerts.ChannelConfig;
import pog.alerts.Message;
import pog.common.json.Json;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON POST of the alert's fields. With a {@code secret}, {@code X-PoG-Signature: sha256=<hex>} carries the
 * HMAC-SHA256 of the exact body bytes under that secret, so the receiver can tell PoG's messages from anyone's.
 */
public final class WebhookChannel implements Channel {
    public static final String SIGNATURE_HEADER = "X-PoG-Signature";

    private final ChannelConfig.Webhook config;

    public WebhookChannel(ChannelConfig.Webhook config) {
        this.config = config;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public void send(Message m) throws DeliveryException {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", m.alertId());
        payload.put("kind", m.kind());
        payload.put("state", m.state());
        payload.put("time", m.time());
        payload.put("severity", m.severity().wire());
        payload.put("source", m.source());
        payload.put("title", m.title());
        payload.put("happened", m.happened());
        payload.put("action", m.action());
        payload.put("link", m.link());
        payload.put("count", m.count());
        payload.put("origin", m.origin());
        payload.put("text", m.text());
        byte[] body = Json.write(payload).getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new LinkedHashMap<>();
        if (config.secret() != null && !config.secret().isEmpty()) {
            headers.put(SIGNATURE_HEADER, "sha256=" + sign(config.secret(), body));
        }
        HttpPost.Answer a = HttpPost.post("the webhook", config.url(), "application/json", body, headers);
        if (!a.success()) {
            throw HttpPost.refused("the webhook", a, a.body());
        }
    }

    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this Java runtime", e);
        }
    }
}
