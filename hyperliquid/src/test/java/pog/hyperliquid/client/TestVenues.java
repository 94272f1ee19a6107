package pog.hyperliquid.client;

import pog.venue.net.Sleeper;
import pog.common.time.ManualClock;
import pog.hyperliquid.signing.Address;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Opens venues against a {@link FakeHyperliquid} with short timeouts and a sleeper that only records. */
final class TestVenues {
    static final String KEY_HEX = "0x0123456789012345678901234567890123456789012345678901234567890123";
    static final String KEY_DIGITS = KEY_HEX.substring(2);
    static final Address SIGNER = Address.of("0x14791697260e4c9a71f18484c9f997b308e59325");
    static final String ENV = "HL_TEST_KEY";
    static final long T0 = 1_700_000_000_000L;

    /** Records the waits asked for and returns at once, so tests see backoff without sitting through it. */
    static final class RecordingSleeper implements Sleeper {
        final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        @Override
        public void sleep(Duration duration) {
            sleeps.add(duration);
        }
    }

    final ManualClock clock = new ManualClock(T0);
    final RecordingSleeper sleeper = new RecordingSleeper();
    private final Path dir;

    TestVenues(Path dir) {
        this.dir = dir;
    }

    HyperliquidSettings settings(FakeHyperliquid fake, String account, Duration requestTimeout) {
        return settings(fake, account, null, requestTimeout, null);
    }

    HyperliquidSettings settings(FakeHyperliquid fake, String account, String vault, Duration requestTimeout,
                                 Duration orderTtl) {
        return new HyperliquidSettings(fake.baseUrl(), true, null, ENV, account, vault, dir.resolve("hl-nonce"),
                null, fake.wsUrl(), requestTimeout, Duration.ofMillis(500), 3, 1200, Duration.ofMillis(300),
                Duration.ofMillis(1500), Duration.ofMillis(20), Duration.ofMillis(100), orderTtl);
    }

    HyperliquidVenue open(FakeHyperliquid fake) {
        return open(settings(fake, null, Duration.ofSeconds(2)));
    }

    HyperliquidVenue open(HyperliquidSettings settings) {
        return HyperliquidVenue.open(settings, Map.of(ENV, KEY_HEX), clock, sleeper);
    }
}
