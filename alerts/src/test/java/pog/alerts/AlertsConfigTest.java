package pog.alerts;

import org.junit.jupiter.api.Test;
import pog.common.config.ConfigException;
import pog.common.config.ConfigLoader;
import pog.common.config.Validator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code alerts} block exactly as docs/alerts.md writes it. */
class AlertsConfigTest {
    record File(AlertsConfig alerts) {
    }

    private static final String ISSUE_EXAMPLE = """
            alerts:
              minSeverity: warning
              channels:
                - {type: webhook, url: "https://hooks.example.com/pog", secret: "${POG_WEBHOOK_SECRET}"}
                - {type: telegram, botToken: "${POG_TELEGRAM_TOKEN}", chatId: "123456", baseUrl: "https://api.telegram.org"}
                - {type: discord, url: "${POG_DISCORD_WEBHOOK}"}
                - {type: slack, url: "${POG_SLACK_WEBHOOK}"}
                - {type: ntfy, baseUrl: "https://ntfy.sh", topic: "my-pog", token: "${POG_NTFY_TOKEN}"}
                - {type: email, host: smtp.example.com, port: 587, starttls: true, username: me,
                   password: "${POG_SMTP_PASSWORD}", from: "pog@example.com", to: ["me@example.com"]}
              nobodyWatchingMs: 300000
            """;
    private static final Map<String, String> ENV = Map.of("POG_WEBHOOK_SECRET", "whsec", "POG_TELEGRAM_TOKEN",
            "1:tg", "POG_DISCORD_WEBHOOK", "https://discord.com/api/webhooks/1/x", "POG_SLACK_WEBHOOK",
            "https://hooks.slack.com/services/T/B/x", "POG_NTFY_TOKEN", "tk_1", "POG_SMTP_PASSWORD", "pw");

    private static AlertsConfig parse(String yaml, Map<String, String> env) {
        File f = ConfigLoader.parse("pm.yaml", yaml.getBytes(StandardCharsets.UTF_8), File.class);
        return f.alerts().resolve(new Validator("pm.yaml"), "alerts", env);
    }

    @Test
    void theIssuesExampleLoadsWithEveryVariableResolved() {
        AlertsConfig c = parse(ISSUE_EXAMPLE, ENV);

        assertThat(c.minSeverity()).isEqualTo(Severity.WARNING);
        assertThat(c.nobodyWatchingMs()).isEqualTo(300_000L);
        assertThat(c.channels()).extracting(ChannelConfig::name)
                .containsExactly("webhook", "telegram", "discord", "slack", "ntfy", "email");
        assertThat(((ChannelConfig.Telegram) c.channels().get(1)).botToken()).isEqualTo("1:tg");
        assertThat(((ChannelConfig.Email) c.channels().get(5)).password()).isEqualTo("pw");
        assertThat(c.secrets()).contains("whsec", "1:tg", "tk_1", "pw");
        assertThat(c.toString()).as("a printed config holds no secret").contains("telegram channel 'telegram'")
                .doesNotContain("whsec", "1:tg", "tk_1", "discord.com/api/webhooks", "hooks.slack.com");
    }

    @Test
    void aMissingVariableIsAConfigErrorNamingKeyAndVariable() {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.remove("POG_TELEGRAM_TOKEN");

        assertThatThrownBy(() -> parse(ISSUE_EXAMPLE, env)).isInstanceOf(ConfigException.class)
                .hasMessage("config error: pm.yaml: alerts.channels[1].botToken: refers to ${POG_TELEGRAM_TOKEN}, "
                        + "which is not set in the environment");
    }

    @Test
    void anUnknownChannelTypeNamesTheKnownOnes() {
        assertThatThrownBy(() -> parse("alerts:\n  channels:\n    - {type: pager, url: x}\n", Map.of()))
                .hasMessageStartingWith("config error: pm.yaml: alerts.channels[0].type: unknown type 'pager'")
                .hasMessageContaining("discord, email, ntfy, slack, telegram, webhook");
    }

    @Test
    void aBadUrlIsNamedWithoutEchoingIt() {
        assertThatThrownBy(() -> parse("alerts:\n  channels:\n    - {type: discord, url: \"ftp://secret-url\"}\n", Map.of()))
                .hasMessage("config error: pm.yaml: alerts.channels[0].url: must be an http(s) URL with a host")
                .message().doesNotContain("secret-url");
    }

    @Test
    void twoChannelsOfOneTypeGetDistinctNames() {
        AlertsConfig c = parse("alerts:\n  channels:\n    - {type: ntfy, topic: a}\n    - {type: ntfy, topic: b}\n",
                Map.of());

        assertThat(c.channels()).extracting(ChannelConfig::name).containsExactly("ntfy", "ntfy-2");
        assertThat(((ChannelConfig.Ntfy) c.channels().get(0)).baseUrl()).isEqualTo("https://ntfy.sh");
    }

    @Test
    void aBadSeverityIsNamed() {
        assertThatThrownBy(() -> parse("alerts:\n  minSeverity: loud\n", Map.of()))
                .hasMessageStartingWith("config error: pm.yaml: alerts.minSeverity: must be info, warning or critical");
    }
}
