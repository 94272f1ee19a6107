package pog.app.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.app.Main;
import pog.common.config.ConfigException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The demo makes each listed key with the venue that reads it, and refuses a venue it cannot make one for. */
class DemoKeysTest {
    @TempDir
    Path dir;

    private final StringWriter said = new StringWriter();
    private final PrintWriter out = new PrintWriter(said, true);

    @Test
    void aMissingKeyIsMadeOnceOwnerOnlyAndAnExistingOneIsKept() throws Exception {
        Path hl = dir.resolve("hl.key");
        DemoCommand.createKeyIfMissing(Main.VENUES, new DemoConfig.Key(hl, "hyperliquid"), out);
        String first = Files.readString(hl);
        assertThat(first.strip()).matches("0x[0-9a-f]{64}");
        assertThat(Files.getPosixFilePermissions(hl)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        DemoCommand.createKeyIfMissing(Main.VENUES, new DemoConfig.Key(hl, "hyperliquid"), out);
        assertThat(Files.readString(hl)).isEqualTo(first);
        assertThat(said.toString()).containsOnlyOnce("Created a demo hyperliquid key");

        Path lighter = dir.resolve("lighter.key");
        DemoCommand.createKeyIfMissing(Main.VENUES, new DemoConfig.Key(lighter, "lighter"), out);
        assertThat(Files.readString(lighter).strip()).matches("(0x)?[0-9a-f]{80}");
    }

    @Test
    void eachSimulatorFundsTheAccountsItsVenuesProviderNamesAndNoOther() throws Exception {
        Path hl = dir.resolve("hl.key");
        Path hl2 = dir.resolve("hl2.key");
        Path lighter = dir.resolve("lighter.key");
        for (DemoConfig.Key k : java.util.List.of(new DemoConfig.Key(hl, "hyperliquid"),
                new DemoConfig.Key(hl2, "hyperliquid"), new DemoConfig.Key(lighter, "lighter"))) {
            DemoCommand.createKeyIfMissing(Main.VENUES, k, out);
        }
        DemoConfig demo = new DemoConfig(dir.resolve("pm.yaml"), java.util.List.of(new DemoConfig.Key(hl,
                "hyperliquid"), new DemoConfig.Key(hl2, "hyperliquid"), new DemoConfig.Key(lighter, "lighter"),
                new DemoConfig.Key(dir.resolve("never-made.key"), "hyperliquid")),
                java.util.List.of(new DemoConfig.Exchange("sim-hl", "hyperliquid", 9502, dir.resolve("s1")),
                        new DemoConfig.Exchange("sim-lighter", "lighter", 9503, dir.resolve("s2"))));
        var sides = new DemoCommand(Main.VENUES, Main.class).sides(demo);
        String address = pog.hyperliquid.signing.PrivateKey.fromFile(hl).address().toString();
        String address2 = pog.hyperliquid.signing.PrivateKey.fromFile(hl2).address().toString();
        assertThat(String.join(" ", sides.get(0).args())).contains("--fund " + address)
                .contains("--fund " + address2);
        // the key never made is left out (its trader then reports the venue's unknown-wallet error)
        assertThat(sides.get(0).args().stream().filter("--fund"::equals)).hasSize(2);
        // Lighter's accounts come from the trader registering its key, never from a --fund of the key file
        assertThat(sides.get(1).args()).doesNotContain("--fund");
    }

    @Test
    void aVenueTheBuildLacksOrOneWithoutKeysIsAConfigError() {
        assertThatThrownBy(() -> DemoCommand.createKeyIfMissing(Main.VENUES,
                new DemoConfig.Key(dir.resolve("x.key"), "binance"), out)).isInstanceOf(ConfigException.class)
                .hasMessage("config error: demo config: keys.venue: unknown venue 'binance' (known: paper, hyperliquid, lighter)");
        assertThatThrownBy(() -> DemoCommand.createKeyIfMissing(Main.VENUES,
                new DemoConfig.Key(dir.resolve("p.key"), "paper"), out)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("keys.venue: the paper venue uses no key");
        assertThat(dir.resolve("p.key")).doesNotExist();
    }
}
