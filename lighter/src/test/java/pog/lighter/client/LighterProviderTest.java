package pog.lighter.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;
import pog.common.config.ConfigLoader;
import pog.venue.spi.VenueConfig;
import pog.venue.spi.VenueKeyException;
import pog.venue.spi.VenueProvider;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: lighter} as a trader's file says it: parsed strictly, described without reaching the venue. */
class LighterProviderTest {
    private final LighterProvider provider = new LighterProvider();

    @TempDir
    Path dir;

    /** The part of a trader's file a venue module owns. */
    record File(VenueConfig venue) {
    }

    private LighterVenueConfig parse(String venue) {
        byte[] yaml = ("venue: " + venue + "\n").getBytes(StandardCharsets.UTF_8);
        return (LighterVenueConfig) ConfigFile.reading("t.yaml", () -> ConfigLoader.parse("t.yaml", yaml, File.class,
                Map.of(provider.name(), provider.configType()))).venue();
    }

    @Test
    void theAccountIndexIsRequiredAndEveryBadValueNamesItsVenueKey() {
        assertThatThrownBy(() -> parse("{type: lighter}")).isInstanceOf(ConfigException.class)
                .hasMessage("config error: t.yaml: venue.accountIndex: is required (the Lighter account index)");
        assertThatThrownBy(() -> parse("{type: lighter, accountIndex: 1, apiKeyIndex: 255}"))
                .hasMessage("config error: t.yaml: venue.apiKeyIndex: must be between 0 and 254, got 255");
        assertThatThrownBy(() -> parse("{type: lighter, accountIndex: 1, baseUrl: nowhere}"))
                .hasMessage("config error: t.yaml: venue.baseUrl: must be an http(s) URL, got 'nowhere'");
    }

    @Test
    void theAccountIsTheIndexAndAMissingKeyStopsTheStartNamingTheVariable() throws Exception {
        Path key = dir.resolve("lighter.key");
        provider.createKey(key, new SecureRandom());
        assertThat(provider.describe(parse("{type: lighter, accountIndex: 7, keyFile: '" + key + "'}"), Map.of()))
                .isEqualTo(new VenueProvider.Description("lighter", "7"));
        assertThatThrownBy(() -> provider.describe(parse("{type: lighter, accountIndex: 7}"), Map.of()))
                .isInstanceOf(VenueKeyException.class).hasMessage("environment variable LIGHTER_API_KEY is not set");
        assertThatThrownBy(() -> provider.describe(parse("{type: lighter, accountIndex: 7, keyEnv: K}"),
                Map.of("K", "0xnothex"))).isInstanceOf(VenueKeyException.class)
                .hasMessageStartingWith("environment variable K does not hold a key");
    }
}
