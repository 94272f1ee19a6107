package pog.app;

import org.junit.jupiter.api.Test;
import pog.common.config.ConfigLoader;
import pog.hyperliquid.client.HyperliquidVenueConfig;
import pog.lighter.client.LighterVenueConfig;
import pog.trader.config.TraderConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The example trader configs load, and their comments tell a newcomer the command that makes the key they read. */
class ExampleConfigsTest {
    private static final Path CONFIG = Path.of(System.getProperty("user.dir")).resolveSibling("config");

    private static TraderConfig load(String name) {
        Path file = CONFIG.resolve(name);
        return TraderConfig.load(file, Main.VENUES);
    }

    @Test
    void hyperliquidExampleSaysHowToMakeTheKeyItReads() throws Exception {
        HyperliquidVenueConfig venue = (HyperliquidVenueConfig) load("trader-hl.yaml").venue();
        assertThat(venue.keyFile()).isEqualTo(HyperliquidCommand.DEFAULT_KEY_FILE);
        assertThat(Files.readString(CONFIG.resolve("trader-hl.yaml")))
                .contains("./pog hyperliquid keygen --out " + venue.keyFile())
                .contains("./pog exchange-sim --venue hyperliquid");
    }

    @Test
    void lighterExampleSaysHowToMakeTheKeyItReads() throws Exception {
        LighterVenueConfig venue = (LighterVenueConfig) load("trader-lighter.yaml").venue();
        assertThat(Files.readString(CONFIG.resolve("trader-lighter.yaml")))
                .contains("./pog lighter keygen --out " + venue.keyFile())
                .contains("./pog exchange-sim --venue lighter");
    }

    /** Both simulator examples say "these are the built-in defaults": they load, and they are. */
    @Test
    void simulatorExamplesAreTheBuiltInDefaults() {
        assertThat(ConfigLoader.load(CONFIG.resolve("exchange-sim-hyperliquid.yaml"),
                pog.hyperliquid.sim.HyperliquidSimConfig.class).withDefaults())
                .isEqualTo(pog.hyperliquid.sim.HyperliquidSimConfig.defaults());
        assertThat(ConfigLoader.load(CONFIG.resolve("exchange-sim-lighter.yaml"),
                pog.lighter.sim.LighterSimConfig.class).withDefaults())
                .isEqualTo(pog.lighter.sim.LighterSimConfig.defaults());
    }

    @Test
    void everyShippedConfigIsStrictYaml() throws Exception {
        try (var files = Files.walk(CONFIG)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                // duplicate keys, tabs, several documents: what the strict loader refuses, before any schema
                assertThat(ConfigLoader.parse(f.toString(), Files.readAllBytes(f), java.util.Map.class)).as(f.toString())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void pmExampleNamesBothKeyCommands() throws Exception {
        assertThat(Files.readString(CONFIG.resolve("pm.yaml")))
                .contains("./pog hyperliquid keygen --out var/hyperliquid.key")
                .contains("./pog lighter keygen --out var/lighter.key");
    }
}
