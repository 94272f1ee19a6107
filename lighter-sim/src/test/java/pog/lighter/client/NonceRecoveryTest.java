package pog.lighter.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.sim.LighterSimConfig;
import pog.lighter.sim.LighterSimServer;
import pog.venue.OrderRequest;
import pog.venue.OrderStatus;
import pog.venue.Side;

/**
 * The venue takes a key's nonces one after another. A high-water mark ahead of the venue (a crash after the mark was
 * written, before the transaction was sent) makes a gap the venue refuses; the client then takes the venue's next
 * nonce exactly and the order goes through, instead of refusing every transaction from then on.
 */
class NonceRecoveryTest {
    @TempDir
    Path dir;

    @Test
    void aHighWaterMarkAheadOfTheVenueDoesNotStopTrading() throws Exception {
        String key = PrivateKey.generate(new SecureRandom()).revealHex();
        Path state = dir.resolve("client");
        Files.createDirectories(state);
        Files.writeString(state.resolve("lighter-nonce-42-3"), "50");
        try (LighterSimServer server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0), dir.resolve("sim"),
                Clock.systemUTC(), false);
             LighterVenue venue = LighterVenue.open(new LighterSettings("http://127.0.0.1:" + server.port(), null,
                     null, 42L, 3, null, null, state, true, null, Duration.ofSeconds(2), null, 2, null, null, null,
                     Duration.ofMillis(50), Duration.ofMillis(200)), Map.of("LIGHTER_API_KEY", key), Clock.systemUTC())) {
            assertThat(venue.place(OrderRequest.limit("n1", "ETH", Side.BUY, new BigDecimal("0.1"),
                    new BigDecimal("2500"))).status()).isEqualTo(OrderStatus.OPEN);
            assertThat(venue.place(OrderRequest.limit("n2", "ETH", Side.BUY, new BigDecimal("0.1"),
                    new BigDecimal("2400"))).status()).isEqualTo(OrderStatus.OPEN);
            assertThat(venue.openOrders()).hasSize(2);
            assertThat(Long.parseLong(Files.readString(state.resolve("lighter-nonce-42-3")).trim())).isLessThan(50);
        }
    }
}
