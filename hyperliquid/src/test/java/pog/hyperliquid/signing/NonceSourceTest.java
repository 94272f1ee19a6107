package pog.hyperliquid.signing;

import pog.common.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NonceSourceTest {
    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);

    @Test
    void nonceIsTheClockWhenItMovesForward() {
        NonceSource nonces = new NonceSource(dir.resolve("n"), clock);
        assertThat(nonces.next()).isEqualTo(1_700_000_000_000L);
        clock.set(1_700_000_000_500L);
        assertThat(nonces.next()).isEqualTo(1_700_000_000_500L);
    }

    @Test
    void noncesStrictlyIncreaseWithinOneMillisecond() {
        NonceSource nonces = new NonceSource(dir.resolve("n"), clock);
        assertThat(nonces.next()).isEqualTo(1_700_000_000_000L);
        assertThat(nonces.next()).isEqualTo(1_700_000_000_001L);
        assertThat(nonces.next()).isEqualTo(1_700_000_000_002L);
    }

    @Test
    void aClockSteppingBackwardsDoesNotRepeatANonce() {
        NonceSource nonces = new NonceSource(dir.resolve("n"), clock);
        long first = nonces.next();
        clock.set(first - 60_000);
        assertThat(nonces.next()).isEqualTo(first + 1);
        assertThat(nonces.next()).isEqualTo(first + 2);
        clock.set(first + 10);
        assertThat(nonces.next()).isEqualTo(first + 10);
    }

    @Test
    void aRestartWithTheClockBehindContinuesAboveTheLastNonce() throws Exception {
        Path file = dir.resolve("state/hl-nonce");
        NonceSource before = new NonceSource(file, clock);
        before.next();
        long last = before.next();
        assertThat(Files.readString(file)).isEqualTo(last + "\n");

        clock.set(last - 3_600_000);
        NonceSource after = new NonceSource(file, clock);
        assertThat(after.last()).isEqualTo(last);
        assertThat(after.next()).isEqualTo(last + 1);
        assertThat(Files.exists(dir.resolve("state/hl-nonce.tmp"))).isFalse();
    }

    @Test
    void withAReserveTheDiskIsTouchedOncePerReserveAndARestartSkipsAboveIt() throws Exception {
        Path file = dir.resolve("n");
        NonceSource nonces = new NonceSource(file, clock, Duration.ofSeconds(10));
        long first = nonces.next();
        assertThat(Files.readString(file).trim()).isEqualTo(String.valueOf(first + 10_000));
        clock.set(first + 5_000);
        nonces.next();
        assertThat(Files.readString(file).trim()).isEqualTo(String.valueOf(first + 10_000));

        clock.set(first);
        NonceSource restarted = new NonceSource(file, clock, Duration.ofSeconds(10));
        assertThat(restarted.next()).isEqualTo(first + 10_001);
    }

    @Test
    void aCorruptFileStopsRatherThanGuessing() throws Exception {
        Path file = dir.resolve("n");
        Files.writeString(file, "garbage");
        assertThatThrownBy(() -> new NonceSource(file, clock))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void eachSignerHasItsOwnFile() {
        Address a = Address.of("0x14791697260e4c9a71f18484c9f997b308e59325");
        NonceSource nonces = NonceSource.forSigner(dir, a, clock, Duration.ZERO);
        nonces.next();
        assertThat(nonces.file()).isEqualTo(dir.resolve("hl-nonce-0x14791697260e4c9a71f18484c9f997b308e59325"));
        assertThat(Files.exists(nonces.file())).isTrue();
    }
}
