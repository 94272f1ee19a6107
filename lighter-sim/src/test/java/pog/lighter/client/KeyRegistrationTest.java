package pog.lighter.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.lighter.signer.l1.EthKey;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.sim.LighterSimConfig;
import pog.lighter.sim.LighterSimServer;

/** register-key's library half against the simulator: the owner registers, a stranger is refused in one sentence. */
class KeyRegistrationTest {
    private static final EthKey OWNER = EthKey.fromHex("0x" + "0".repeat(62) + "11", "test");
    private static final EthKey STRANGER = EthKey.fromHex("0x" + "0".repeat(62) + "12", "test");

    @TempDir
    Path dir;
    LighterSimServer server;
    long account;

    @BeforeEach
    void start() throws Exception {
        server = LighterSimServer.start(LighterSimConfig.defaults().withPort(0), dir, Clock.systemUTC(), false);
        account = server.simulator().provisionAccount(null, OWNER.address(), new BigDecimal("100")).accountIndex();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private KeyRegistration registration() {
        return new KeyRegistration("http://127.0.0.1:" + server.port(), Duration.ofSeconds(5), Clock.systemUTC());
    }

    @Test
    void theOwnerRegistersOnceAndAgainIsANoOp() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        KeyRegistration.Result r = registration().register(OWNER, key, account, 2, 304, Duration.ofSeconds(10));
        assertThat(r.alreadyRegistered()).isFalse();
        assertThat(r.nonce()).isZero();
        assertThat(r.txHash()).matches("[0-9a-f]{80}");
        assertThat(registration().registeredKey(account, 2)).isEqualTo(key.publicKeyHex());
        assertThat(registration().register(OWNER, key, account, 2, 304, Duration.ofSeconds(10)).alreadyRegistered())
                .isTrue();
        // a new key for the slot takes its next nonce
        PrivateKey rotated = PrivateKey.generate(new SecureRandom());
        assertThat(registration().register(OWNER, rotated, account, 2, 304, Duration.ofSeconds(10)).nonce()).isEqualTo(1);
    }

    @Test
    void aTraderWithAnUnregisteredKeyIsToldHowToRegisterIt() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        LighterSettings settings = LighterSettings.of("http://127.0.0.1:" + server.port(), account, 2, null,
                dir.resolve("client"));
        assertThatThrownBy(() -> LighterVenue.open(settings, java.util.Map.of("LIGHTER_API_KEY", key.revealHex()),
                Clock.systemUTC()))
                .isInstanceOf(pog.venue.VenueException.class)
                .hasMessageContaining("is not registered")
                .hasMessageContaining("pog lighter register-key --account " + account + " --api-key-index 2")
                .hasMessageNotContaining(key.revealHex());
        registration().register(OWNER, key, account, 2, 304, Duration.ofSeconds(10));
        try (LighterVenue venue = LighterVenue.open(settings, java.util.Map.of("LIGHTER_API_KEY", key.revealHex()),
                Clock.systemUTC())) {
            assertThat(venue.account().equity()).isEqualByComparingTo("100");
        }
    }

    @Test
    void aStrangerAWrongChainAndAnUnknownAccountAreOneSentenceEach() {
        PrivateKey key = PrivateKey.generate(new SecureRandom());
        assertThatThrownBy(() -> registration().register(STRANGER, key, account, 2, 304, Duration.ofSeconds(5)))
                .isInstanceOf(KeyRegistration.RegistrationException.class).hasMessageContaining("21120")
                .hasMessageContaining("L1");
        assertThatThrownBy(() -> registration().register(OWNER, key, account, 2, 300, Duration.ofSeconds(5)))
                .hasMessageContaining("21120");
        assertThatThrownBy(() -> registration().register(OWNER, key, account + 1, 2, 304, Duration.ofSeconds(5)))
                .hasMessageContaining("21100");
        assertThatThrownBy(() -> new KeyRegistration("http://127.0.0.1:1", Duration.ofSeconds(2), Clock.systemUTC())
                .register(OWNER, key, account, 2, 304, Duration.ofSeconds(5)))
                .hasMessage("cannot reach Lighter at http://127.0.0.1:1");
        assertThat(registration().registeredKey(account, 2)).isNull();
    }
}
