package pog.alerts;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier's decisions with an exact clock and recording channels; deliveries are driven one by one
 * ({@code deliverNext}), so every sequence is the story a person's phone would tell.
 */
class NotifierTest {
    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(1_764_000_000_000L);
    private final List<Notifier> open = new ArrayList<>();

    /** A channel that records what it was sent and fails while told to. */
    static final class Recording implements Channel {
        final String name;
        final List<Message> got = new CopyOnWriteArrayList<>();
        volatile String failWith;

        Recording(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        public String type() {
            return "test";
        }

        public void send(Message m) throws DeliveryException {
            if (failWith != null) {
                throw new DeliveryException(failWith, true);
            }
            got.add(m);
        }

        List<String> story() {
            return got.stream().map(m -> m.kind() + " " + m.title() + (m.count() > 1 ? " x" + m.count() : "")).toList();
        }
    }

    private final Recording phone = new Recording("telegram");
    private final Recording mail = new Recording("email");

    private Notifier notifier(AlertsConfig config, Channel... channels) throws Exception {
        Notifier n = new Notifier(config, List.of(channels), dir.resolve("alerts.db"), clock, "pm",
                "http://127.0.0.1:9004/");
        open.add(n);
        return n;
    }

    private static AlertsConfig config(long resolveAfterMs) {
        return new AlertsConfig(Severity.WARNING, List.of(), null, null, resolveAfterMs, null, null, null, null, null);
    }

    private static void drain(Notifier n, Channel... channels) throws Exception {
        for (Channel c : channels) {
            while (n.deliverNext(c)) {
                // until this channel has nothing due
            }
        }
    }

    private static Condition down(String detail) {
        return Condition.of("trader-hl:down", "trader-hl", Severity.CRITICAL, "trader-hl is DOWN", detail,
                "PM restarts it");
    }

    @AfterEach
    void close() {
        open.forEach(Notifier::close);
    }

    @Test
    void oneIncidentIsOneAlertAndOneResolvePerChannel() throws Exception {
        Notifier n = notifier(config(10_000), phone, mail);

        n.raise(down("process 1 is gone"));
        drain(n, phone, mail);
        clock.advanceMillis(3_000);
        n.clear("trader-hl:down", "trader-hl is HEALTHY again", false);
        clock.advanceMillis(5_000);
        n.tick();
        drain(n, phone, mail);
        assertThat(phone.story()).containsExactly("raise trader-hl is DOWN");

        clock.advanceMillis(5_000);
        n.tick();
        drain(n, phone, mail);

        assertThat(phone.story()).containsExactly("raise trader-hl is DOWN", "resolve trader-hl is DOWN");
        assertThat(mail.story()).containsExactly("raise trader-hl is DOWN", "resolve trader-hl is DOWN");
        assertThat(phone.got.get(1).happened()).isEqualTo("trader-hl is HEALTHY again, 3 s after the alert");
        assertThat(n.list(10)).singleElement().satisfies(a -> {
            assertThat(a.state()).isEqualTo("resolved");
            assertThat(a.deliveries()).extracting(AlertView.Delivery::channel).containsExactly("telegram", "email");
            assertThat(a.deliveries()).allMatch(AlertView.Delivery::ok);
        });
    }

    @Test
    void aCrashLoopIsOneAlertPlusOneEscalationCarryingTheCount() throws Exception {
        Notifier n = notifier(config(10_000), phone);

        for (int i = 1; i <= 5; i++) {
            n.raise(down("process " + i + " is gone"));
            clock.advanceMillis(2_000);
            n.clear("trader-hl:down", "trader-hl is HEALTHY again", false);
            clock.advanceMillis(2_000);
            n.tick();
        }
        n.raise(new Condition("trader-hl:down", "trader-hl", Severity.CRITICAL, "trader-hl is in a crash loop",
                "died 6 times", "PM stopped restarting it", 0, true));
        n.raise(new Condition("trader-hl:down", "trader-hl", Severity.CRITICAL, "trader-hl is in a crash loop",
                "died 7 times", "PM stopped restarting it", 0, true));
        drain(n, phone);

        assertThat(phone.story()).containsExactly("raise trader-hl is DOWN", "update trader-hl is in a crash loop x6");
        assertThat(n.list(10)).singleElement().satisfies(a -> assertThat(a.count()).isEqualTo(7));
    }

    @Test
    void aHeldConditionThatClearsInTimeIsNeverSent() throws Exception {
        Notifier n = notifier(config(0), phone);
        Condition unprotected = Condition.of("trader-hl:unprotected", "trader-hl", Severity.CRITICAL,
                "trader-hl has a position without a stop", "BTC long 0.1", "the trader re-places it").held(5_000);

        n.raise(unprotected);
        clock.advanceMillis(2_000);
        n.clear("trader-hl:unprotected", "protected again", false);
        clock.advanceMillis(10_000);
        n.tick();
        drain(n, phone);
        assertThat(phone.got).isEmpty();

        n.raise(unprotected);
        clock.advanceMillis(5_000);
        n.raise(unprotected);
        drain(n, phone);
        assertThat(phone.story()).containsExactly("raise trader-hl has a position without a stop");
    }

    @Test
    void belowMinSeverityIsRecordedNotSentAndItsResolveNeither() throws Exception {
        Notifier n = notifier(config(0), phone);

        n.raise(Condition.of("x:info", "trader-hl", Severity.INFO, "trader-hl paused", "by an operator", "-"));
        n.clear("x:info", "resumed", true);
        drain(n, phone);

        assertThat(phone.got).isEmpty();
        assertThat(n.list(10).get(0).note()).isEqualTo("not sent: below minSeverity warning");
    }

    @Test
    void aSourceBeyondItsHourlyLimitIsRecordedNotSent() throws Exception {
        Notifier n = notifier(new AlertsConfig(null, null, null, null, 0L, null, null, 2, null, null), phone);

        for (int i = 0; i < 4; i++) {
            n.raise(Condition.of("trader-hl:c" + i, "trader-hl", Severity.WARNING, "problem " + i, "-", "-"));
        }
        drain(n, phone);

        assertThat(phone.story()).containsExactly("raise problem 0", "raise problem 1");
        assertThat(n.list(10).get(0).note()).isEqualTo("not sent: more than 2 alerts from trader-hl this hour");
    }

    @Test
    void pendingDeliveriesSurviveARestartAndAreSentOnce() throws Exception {
        Notifier first = notifier(config(0), phone);
        phone.failWith = "Telegram could not be reached: connection refused";
        first.raise(down("process 1 is gone"));
        assertThat(first.deliverNext(phone)).isTrue();
        first.close();

        phone.failWith = null;
        clock.advanceMillis(60_000);
        Notifier second = notifier(config(0), phone);
        drain(second, phone);
        drain(second, phone);

        assertThat(phone.story()).containsExactly("raise trader-hl is DOWN");
        assertThat(second.list(10)).filteredOn(a -> a.source().equals("trader-hl")).singleElement()
                .satisfies(a -> assertThat(a.deliveries().get(0).detail()).isEqualTo("sent raise after 2 tries"));
    }

    @Test
    void aFailingChannelIsReportedThroughTheOthersWhichStillDeliver() throws Exception {
        Notifier n = notifier(config(0), phone, mail);
        phone.failWith = "Telegram refused the message: HTTP 500 (Internal Server Error)";

        n.raise(down("process 1 is gone"));
        drain(n, phone, mail);
        drain(n, mail);

        assertThat(mail.story()).containsExactly("raise trader-hl is DOWN", "raise Alert channel telegram is failing");
        assertThat(mail.got.get(1).happened()).isEqualTo("Telegram refused the message: HTTP 500 (Internal Server Error)");
        assertThat(n.list(10)).filteredOn(a -> a.source().equals("trader-hl")).singleElement()
                .satisfies(a -> assertThat(a.deliveries()).anySatisfy(d -> {
                    assertThat(d.channel()).isEqualTo("telegram");
                    assertThat(d.ok()).isFalse();
                    assertThat(d.detail()).startsWith("pending: try 1 failed: Telegram refused the message");
                }));

        phone.failWith = null;
        clock.advanceMillis(1_000);
        drain(n, phone);
        drain(n, mail);
        assertThat(phone.story()).containsExactly("raise trader-hl is DOWN");
        assertThat(mail.story()).endsWith("resolve Alert channel telegram is failing");
    }

    @Test
    void retriesBackOffAndGiveUpAfterTheLastTry() throws Exception {
        Notifier n = notifier(config(0), phone);
        phone.failWith = "ntfy could not be reached: connection refused";
        n.raise(down("process 1 is gone"));

        int tries = 0;
        for (int i = 0; i < 200 && tries < Notifier.MAX_ATTEMPTS; i++) {
            if (n.deliverNext(phone)) {
                tries++;
            }
            assertThat(n.deliverNext(phone)).as("not due again before its backoff").isFalse();
            clock.advanceMillis(Notifier.MAX_BACKOFF_MS);
        }

        assertThat(tries).isEqualTo(Notifier.MAX_ATTEMPTS);
        assertThat(n.list(10)).filteredOn(a -> a.source().equals("trader-hl")).singleElement()
                .satisfies(a -> assertThat(a.deliveries().get(0).detail()).startsWith("failed after 20 tries"));
    }

    @Test
    void secretsAreMaskedInWhatIsRecorded() throws Exception {
        AlertsConfig c = new AlertsConfig(null, List.of(new ChannelConfig.Telegram("telegram", "123:SECRET-TOKEN", "1",
                null)), null, null, 0L, null, null, null, null, null);
        Notifier n = notifier(c, phone);
        phone.failWith = "failed at https://api.telegram.org/bot123:SECRET-TOKEN/sendMessage";

        n.raise(down("process 1 is gone"));
        drain(n, phone);

        assertThat(n.list(10).toString()).doesNotContain("SECRET-TOKEN").contains("bot***/sendMessage");
    }

    @Test
    void ackMarksAnOpenAlertAcked() throws Exception {
        Notifier n = notifier(config(0), phone);
        n.raise(down("process 1 is gone"));
        String id = n.list(1).get(0).id();

        assertThat(n.ack(id, "127.0.0.1")).isTrue();
        assertThat(n.ack("nope", "127.0.0.1")).isFalse();
        assertThat(n.list(1).get(0).state()).isEqualTo("acked");
    }
}
