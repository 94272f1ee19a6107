package pog.alerts;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pog.alerts.channels.DiscordChannel;
import pog.alerts.channels.EmailChannel;
import pog.alerts.channels.NtfyChannel;
import pog.alerts.channels.SlackChannel;
import pog.alerts.channels.TelegramChannel;
import pog.alerts.channels.WebhookChannel;
import pog.alerts.testing.FakeReceivers;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each channel against a local server speaking that service's protocol: what arrives, and how refusals read. */
class ChannelsTest {
    private FakeReceivers fake;
    private final Message down = new Message("a1b2c3d4", "raise", 1_764_000_000_000L, Severity.CRITICAL, "trader-hl",
            "trader-hl is DOWN", "process 4242 is gone", "PM restarts it in 1 s", "http://127.0.0.1:9004/#alerts", 1,
            "pm");

    @BeforeEach
    void start() throws Exception {
        fake = new FakeReceivers();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void webhookPostsTheAlertAsJsonSignedWithHmacSha256() throws Exception {
        new WebhookChannel(new ChannelConfig.Webhook("webhook", fake.webhookUrl(), "s3cret")).send(down);

        FakeReceivers.Received r = fake.received("webhook").get(0);
        assertThat(r.json().get("title").asText()).isEqualTo("trader-hl is DOWN");
        assertThat(r.json().get("severity").asText()).isEqualTo("critical");
        assertThat(r.json().get("state").asText()).isEqualTo("open");
        assertThat(r.json().get("link").asText()).isEqualTo("http://127.0.0.1:9004/#alerts");
        assertThat(r.header("X-PoG-Signature"))
                .isEqualTo("sha256=" + WebhookChannel.sign("s3cret", r.body().getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void webhookWithoutSecretIsUnsigned() throws Exception {
        new WebhookChannel(new ChannelConfig.Webhook("webhook", fake.webhookUrl(), null)).send(down);

        assertThat(fake.received("webhook").get(0).header("X-PoG-Signature")).isNull();
    }

    @Test
    void telegramSendsSendMessageToTheChat() throws Exception {
        new TelegramChannel(new ChannelConfig.Telegram("telegram", FakeReceivers.TELEGRAM_TOKEN, "123456", fake.base()))
                .send(down);

        FakeReceivers.Received r = fake.received("telegram").get(0);
        assertThat(r.path()).isEqualTo("/bot" + FakeReceivers.TELEGRAM_TOKEN + "/sendMessage");
        assertThat(r.json().get("chat_id").asText()).isEqualTo("123456");
        assertThat(r.json().get("text").asText()).startsWith("[CRITICAL] trader-hl is DOWN\n")
                .contains("What happened: process 4242 is gone", "What PoG did: PM restarts it in 1 s",
                        "Dashboard: http://127.0.0.1:9004/#alerts");
    }

    @Test
    void telegramRefusalIsTelegramsDescriptionWithoutTheToken() {
        TelegramChannel wrong = new TelegramChannel(new ChannelConfig.Telegram("telegram", "999:wrong-token", "1",
                fake.base()));

        assertThatThrownBy(() -> wrong.send(down)).isInstanceOf(Channel.DeliveryException.class)
                .hasMessage("Telegram refused the message: HTTP 401 (Unauthorized)")
                .satisfies(e -> assertThat(((Channel.DeliveryException) e).retryable()).isFalse());
    }

    @Test
    void discordPostsContent() throws Exception {
        new DiscordChannel(new ChannelConfig.Discord("discord", fake.discordUrl())).send(down);

        assertThat(fake.received("discord").get(0).json().get("content").asText())
                .startsWith("**[CRITICAL] trader-hl is DOWN**");
    }

    @Test
    void discordServerErrorIsRetryable() {
        fake.fail("discord", 503);

        assertThatThrownBy(() -> new DiscordChannel(new ChannelConfig.Discord("discord", fake.discordUrl())).send(down))
                .hasMessage("Discord refused the message: HTTP 503 (Service unavailable)")
                .satisfies(e -> assertThat(((Channel.DeliveryException) e).retryable()).isTrue());
    }

    @Test
    void slackPostsText() throws Exception {
        new SlackChannel(new ChannelConfig.Slack("slack", fake.slackUrl())).send(down);

        assertThat(fake.received("slack").get(0).json().get("text").asText()).startsWith("*[CRITICAL] trader-hl is DOWN*");
    }

    @Test
    void ntfyPublishesJsonWithPriorityClickAndToken() throws Exception {
        new NtfyChannel(new ChannelConfig.Ntfy("ntfy", fake.base(), "my-pog", "tk_abc123")).send(down);

        FakeReceivers.Received r = fake.received("ntfy").get(0);
        assertThat(r.json().get("topic").asText()).isEqualTo("my-pog");
        assertThat(r.json().get("title").asText()).isEqualTo("[CRITICAL] trader-hl is DOWN");
        assertThat(r.json().get("priority").asInt()).isEqualTo(5);
        assertThat(r.json().get("click").asText()).isEqualTo("http://127.0.0.1:9004/#alerts");
        assertThat(r.header("Authorization")).isEqualTo("Bearer tk_abc123");
    }

    @Test
    void unreachableServiceIsOneSentenceAndRetryable() throws Exception {
        String url = fake.webhookUrl();
        fake.close();

        assertThatThrownBy(() -> new WebhookChannel(new ChannelConfig.Webhook("webhook", url, null)).send(down))
                .hasMessage("the webhook could not be reached: connection refused");
    }

    @Test
    void emailGoesThroughSmtpWithAuth() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort())
                .withConfiguration(GreenMailConfiguration.aConfig().withUser("me@example.com", "me", "pw-123456"));
        smtp.start();
        try {
            int port = smtp.getSmtp().getPort();
            new EmailChannel(new ChannelConfig.Email("email", "127.0.0.1", port, false, "me", "pw-123456",
                    "pog@example.com", List.of("me@example.com"))).send(down);

            MimeMessage[] got = smtp.getReceivedMessages();
            assertThat(got).hasSize(1);
            assertThat(got[0].getSubject()).isEqualTo("[CRITICAL] trader-hl is DOWN");
            assertThat(((String) got[0].getContent())).contains("What happened: process 4242 is gone");
            assertThat(got[0].getAllRecipients()[0].toString()).isEqualTo("me@example.com");
        } finally {
            smtp.stop();
        }
    }

    @Test
    void emailRefusesToSendInClearWhenStarttlsIsOnAndTheServerDoesNotOfferIt() throws Exception {
        GreenMail smtp = new GreenMail(ServerSetup.SMTP.dynamicPort());
        smtp.start();
        try {
            EmailChannel channel = new EmailChannel(new ChannelConfig.Email("email", "127.0.0.1",
                    smtp.getSmtp().getPort(), true, null, null, "pog@example.com", List.of("me@example.com")));

            assertThatThrownBy(() -> channel.send(down)).isInstanceOf(Channel.DeliveryException.class)
                    .hasMessageContaining("does not offer STARTTLS");
            assertThat(smtp.getReceivedMessages()).isEmpty();
        } finally {
            smtp.stop();
        }
    }
}
