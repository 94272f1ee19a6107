package pog.hyperliquid.client;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.KeyLoadException;
import pog.hyperliquid.signing.Network;
import pog.venue.OrderRequest;
import pog.venue.Side;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HyperliquidNonceAndSecretTest {
    @TempDir
    Path dir;
    private FakeHyperliquid fake;
    private TestVenues venues;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeHyperliquid(Network.TESTNET);
        fake.expectedSigner = TestVenues.SIGNER;
        venues = new TestVenues(dir);
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() throws Exception {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        fake.close();
    }

    @Test
    void noncesKeepIncreasingAcrossARestartWithTheClockSteppedBack() {
        venues.clock.set(TestVenues.T0 + 60_000);
        try (HyperliquidVenue first = venues.open(fake)) {
            first.place(order("a-1"));
            first.place(order("a-2"));
        }
        venues.clock.set(TestVenues.T0); // an NTP step back by a minute, then a restart
        try (HyperliquidVenue second = venues.open(fake)) {
            second.place(order("b-1"));
        }

        List<Long> nonces = fake.exchangeBodies.stream().map(b -> b.get("nonce").asLong()).toList();
        assertThat(nonces).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(nonces.get(2)).isGreaterThan(TestVenues.T0 + 60_000);
        assertThat(fake.orders).hasSize(3);
    }

    @Test
    void theKeyAppearsInNoLogLineAndNoExceptionWhateverGoesWrong() throws Exception {
        List<String> messages = new ArrayList<>();
        try (HyperliquidVenue venue = venues.open(venues.settings(fake, null, Duration.ofMillis(300)))) {
            Await.until("the stream is up", venue::streaming);
            venue.place(order("ok-1"));
            fake.failExchange(100, 500);
            messages.add(caught(() -> venue.place(order("down-1"))));
            fake.failExchange(0, 500);
            fake.failInfo(100, 502);
            messages.add(caught(venue::positions));
            fake.failInfo(0, 502);
            fake.expectedSigner = Address.of("0x0000000000000000000000000000000000000001");
            messages.add(venue.place(order("refused-1")).rejectReason());
            venue.dropStream("test");
            Await.until("the stream is back", venue::streaming);
        }
        Path loose = dir.resolve("loose.key");
        Files.writeString(loose, TestVenues.KEY_HEX);
        Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rw-r--r--"));
        HyperliquidSettings fromFile = new HyperliquidSettings(fake.baseUrl(), true, loose, null, null, null,
                dir.resolve("n"), null, null, null, null, null, null, null, null, null, null, null);
        messages.add(caught(() -> HyperliquidVenue.open(fromFile, Map.of(), venues.clock)));
        HyperliquidSettings fromEnv = venues.settings(fake, null, Duration.ofSeconds(1));
        messages.add(caught(() -> HyperliquidVenue.open(fromEnv, Map.of(TestVenues.ENV, TestVenues.KEY_HEX + "0"),
                venues.clock)));
        messages.add(caught(() -> HyperliquidVenue.open(fromEnv, Map.of(), venues.clock)));

        assertThat(messages).hasSize(6).allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(messages.get(3)).contains(loose.toString()).contains("0644");
        assertThat(messages.get(4)).contains(TestVenues.ENV);
        assertThat(messages.get(5)).contains(TestVenues.ENV).contains("not set");
        List<String> logged = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            logged.add(e.getFormattedMessage());
            if (e.getThrowableProxy() != null) {
                logged.add(ThrowableProxyUtil.asString(e.getThrowableProxy()));
            }
        }
        assertThat(logged).isNotEmpty().anyMatch(l -> l.contains("event=hl_order_placed"));
        for (String text : concat(messages, logged)) {
            assertThat(text).doesNotContain(TestVenues.KEY_DIGITS).doesNotContain(TestVenues.KEY_DIGITS.substring(0, 16));
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String caught(Runnable call) {
        try {
            call.run();
        } catch (KeyLoadException | pog.venue.VenueException e) {
            StringBuilder sb = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                sb.append(t).append('\n');
            }
            return sb.toString();
        }
        throw new AssertionError("expected a failure");
    }

    private static OrderRequest order(String clientId) {
        return OrderRequest.limit(clientId, "ETH", Side.BUY, new BigDecimal("0.5"), new BigDecimal("3100.5"));
    }
}
