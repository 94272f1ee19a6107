package pog.alerts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Map;

/**
 * One entry of {@code alerts.channels}; {@code type} picks the service. {@code name} (optional, default the type,
 * then {@code type-2}, ...) is how the channel is shown in logs, {@code /api/alerts} and metrics: never its URL,
 * which for Discord and Slack is itself the secret.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ChannelConfig.Webhook.class, name = "webhook"),
        @JsonSubTypes.Type(value = ChannelConfig.Telegram.class, name = "telegram"),
        @JsonSubTypes.Type(value = ChannelConfig.Discord.class, name = "discord"),
        @JsonSubTypes.Type(value = ChannelConfig.Slack.class, name = "slack"),
        @JsonSubTypes.Type(value = ChannelConfig.Ntfy.class, name = "ntfy"),
        @JsonSubTypes.Type(value = ChannelConfig.Email.class, name = "email")})
public sealed interface ChannelConfig {
    String type();

    String name();

    /** Every string the channel holds, by key, so {@code ${NAME}} can be resolved and problems named. */
    Map<String, String> strings();

    /** The same channel with these strings (after {@code ${NAME}} substitution). */
    ChannelConfig with(Map<String, String> s);

    /** Values that must never reach a log line, an API answer or a metric label. */
    List<String> secrets();

    record Webhook(String name, String url, String secret) implements ChannelConfig {
        /** Name and type only: a config record must never print its secrets. */
        @Override
        public String toString() {
            return type() + " channel '" + name() + "'";
        }

        public String type() {
            return "webhook";
        }

        public Map<String, String> strings() {
            return Strings.of("name", name, "url", url, "secret", secret);
        }

        public ChannelConfig with(Map<String, String> s) {
            return new Webhook(s.get("name"), s.get("url"), s.get("secret"));
        }

        public List<String> secrets() {
            return Strings.nonNull(secret);
        }
    }

    record Telegram(String name, String botToken, String chatId, String baseUrl) implements ChannelConfig {
        public Telegram {
            baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://api.telegram.org" : baseUrl;
        }

        /** Name and type only: a config record must never print its secrets. */
        @Override
        public String toString() {
            return type() + " channel '" + name() + "'";
        }

        public String type() {
            return "telegram";
        }

        public Map<String, String> strings() {
            return Strings.of("name", name, "botToken", botToken, "chatId", chatId, "baseUrl", baseUrl);
        }

        public ChannelConfig with(Map<String, String> s) {
            return new Telegram(s.get("name"), s.get("botToken"), s.get("chatId"), s.get("baseUrl"));
        }

        public List<String> secrets() {
            return Strings.nonNull(botToken);
        }
    }

    record Discord(String name, String url) implements ChannelConfig {
        /** Name and type only: a config record must never print its secrets. */
        @Override
        public String toString() {
            return type() + " channel '" + name() + "'";
        }

        public String type() {
            return "discord";
        }

        public Map<String, String> strings() {
            return Strings.of("name", name, "url", url);
        }

        public ChannelConfig with(Map<String, String> s) {
            return new Discord(s.get("name"), s.get("url"));
        }

        public List<String> secrets() {
            return Strings.nonNull(url);
        }
    }

    record Slack(String name, String url) implements ChannelConfig {
        /** Name and type only: a config record must never print its secrets. */
        @Override
        public String toString() {
            return type() + " channel '" + name() + "'";
        }

        public String type() {
            return "slack";
        }

        public Map<String, String> strings() {
            return Strings.of("name", name, "url", url);
        }

        public ChannelConfig with(Map<String, String> s) {
            return new Slack(s.get("name"), s.get("url"));
        }

        public List<String> secrets() {
            return Strings.nonNull(url);
        }
    }

    record Ntfy(String name, String baseUrl, String topic, String token) implements ChannelConfig {
        public Ntfy {
            baseUrl = baseUrl == null || baseUrl.isBlank() ? "https://ntfy.sh" : baseUrl;
        }

        /** Name and type only: a config record must never print its secrets. */
        @Override
        public String toString() {
            return type() + " channel '" + name() + "'";
        }

        public String type() {
            return "ntfy";
        }

        public Map<String, String> strings() {
            return Strings.of("name", name, "baseUrl", baseUrl, "topic", topic, "token", token);
        }

        public ChannelConfig with(Map<String, String> s) {
            return new Ntfy(s.get("name"), s.get("baseUrl"), s.get("topic"), s.get("token"));
        }

        public List<String> secrets() {
            return Strings.nonNull(token);
        }
    }

    record Email(String name, String host, Integer port, Boolean starttls, String username, String password,
                 String from, List<String> to) implements ChannelConfig {
        public Email {
            port = port == null ? 587 : port;
            starttls = starttls == null || starttls;
            to = to == null ? List.of() : List.copyOf(to);
        }

        /** Name and type only: a config record must never print its secrets. */
        @Override
        public String toString() {
            return type() + " channel '" + name() + "'";
        }

        public String type() {
            return "email";
        }

        public Map<String, String> strings() {
            Map<String, String> m = Strings.of("name", name, "host", host, "username", username, "password", password,
                    "from", from);
            for (int i = 0; i < to.size(); i++) {
                m.put("to[" + i + "]", to.get(i));
            }
            return m;
        }

        public ChannelConfig with(Map<String, String> s) {
            List<String> t = new java.util.ArrayList<>();
            for (int i = 0; i < to.size(); i++) {
                t.add(s.get("to[" + i + "]"));
            }
            return new Email(s.get("name"), s.get("host"), port, starttls, s.get("username"), s.get("password"),
                    s.get("from"), t);
        }

        public List<String> secrets() {
            return Strings.nonNull(password);
        }
    }

    /** Small helpers for the records above. */
    final class Strings {
        private Strings() {
        }

        static Map<String, String> of(String... kv) {
            Map<String, String> m = new java.util.LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put(kv[i], kv[i + 1]);
            }
            return m;
        }

        static List<String> nonNull(String... values) {
            return java.util.Arrays.stream(values).filter(v -> v != null && !v.isEmpty()).toList();
        }
    }
}
