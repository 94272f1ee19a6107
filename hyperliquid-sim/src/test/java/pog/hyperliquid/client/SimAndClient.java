package pog.hyperliquid.client;

import pog.common.time.ManualClock;
import pog.hyperliquid.sim.HyperliquidSimConfig;
import pog.hyperliquid.sim.HyperliquidSimServer;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the client-against-simulator tests share: the Hyperliquid simulator on an ephemeral port (admin on, no IP
 * weight limit of its own) with the test key's account funded with 10,000 USDC, its clock a manual one that stands
 * still unless a test moves it, and clients of it signing with that key. The two meet only at Hyperliquid's wire
 * protocol. The test closes the clients it opens; {@link #close} ends the simulator.
 */
final class SimAndClient implements AutoCloseable {
    static final long T0 = 1_767_225_600_000L;

    final ManualClock clock = new ManualClock(T0);
    final HyperliquidSimServer sim;
    private final Path dir;

    SimAndClient(Path dir) {
        this.dir = dir;
        // the key's address is provisioned as the venue requires; nothing else is an account
        this.sim = HyperliquidSimServer.start(HyperliquidSimConfig.defaults().withPort(0).withAdmin(true)
                .withIpWeightPerMinute(0).withAccounts(Map.of(pog.hyperliquid.signing.PrivateKey
                        .fromHex(TestVenues.KEY_HEX).address().toString(), new BigDecimal("10000"))),
                dir.resolve("sim"), clock, false);
    }

    /**
     * A client on the test key, its client-id state under {@code dir/stateDir} (a second client with another state
     * dir is another process on the same account), its own limiter allowing {@code weightPerMinute}. The clock stands
     * still, so that budget never refills; retries back off 10 ms at most, so fault tests are quick.
     */
    HyperliquidVenue client(String stateDir, int weightPerMinute) {
        return client(stateDir, weightPerMinute, Duration.ofSeconds(50));
    }

    /** The same with its own ping interval (the venue's is 50 s). */
    HyperliquidVenue client(String stateDir, int weightPerMinute, Duration ping) {
        HyperliquidSettings settings = new HyperliquidSettings("http://127.0.0.1:" + sim.port(), true, null,
                TestVenues.ENV, null, null, dir.resolve(stateDir).resolve("hl-nonce"), null, null,
                Duration.ofSeconds(5), Duration.ofSeconds(2), 3, weightPerMinute, ping,
                Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofMillis(500), null);
        return HyperliquidVenue.open(settings, Map.of(TestVenues.ENV, TestVenues.KEY_HEX), clock,
                d -> Thread.sleep(Math.min(d.toMillis(), 10)));
    }

    @Override
    public void close() {
        sim.close();
    }
}
