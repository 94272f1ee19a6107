package pog.lighter.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.sim.LighterSimConfig;
import pog.lighter.sim.LighterSimServer;
import pog.venue.OrderRequest;
import pog.venue.Side;

/**
 * The client's account reads carry an auth token it makes itself and renews before the simulator (which refuses an
 * expired one) would: hours of venue time later, with no restart, reads still work.
 */
class AuthRenewalTest {
    @TempDir
    Path dir;

    @Test
    void readsKeepWorkingAcrossManyTokenLifetimes() {
        ManualClock clock = new ManualClock(1_767_225_600_000L);
        String key = PrivateKey.generate(new SecureRandom()).revealHex();
        try (LighterSimServer server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0).withAdmin(true),
                dir.resolve("sim"), clock, false);
             LighterVenue venue = LighterVenue.open(new LighterSettings("http://127.0.0.1:" + server.port(), null,
                     null, 42L, 3, null, null, dir.resolve("client"), true, null, Duration.ofSeconds(2), null, 2, null,
                     null, null, Duration.ofMillis(50), Duration.ofMillis(200)), Map.of("LIGHTER_API_KEY", key), clock)) {
            venue.place(OrderRequest.limit("r1", "ETH", Side.BUY, new BigDecimal("0.1"), new BigDecimal("2500")));
            for (int hour = 0; hour < 10; hour++) {
                assertThat(venue.openOrders()).as("after %d h", hour).singleElement()
                        .satisfies(o -> assertThat(o.clientId()).isEqualTo("r1"));
                clock.advance(Duration.ofMinutes(59));
            }
        }
    }
}
