package pog.hyperliquid.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;
import pog.common.config.ConfigLoader;
import pog.hyperliquid.signing.PrivateKey;
import pog.venue.spi.VenueConfig;
import pog.venue.spi.VenueKeyException;
import pog.venue.spi.VenueProvider;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code type: hyperliquid} as a trader's file says it: parsed strictly, described without reaching the venue. */
class HyperliquidProviderTest {
    private static final String HEX = "0x0123456789012345678901234567890123456789012345678901234567890123";
    private static final String ADDRESS = "0x14791697260e4c9a71f18484c9f997b308e59325";
    private final HyperliquidProvider provider = new HyperliquidProvider();

    @TempDir
    Path dir;

    /** The part of a trader's file a venue module owns. */
    record File(VenueConfig venue) {
    }

    private HyperliquidVenueConfig parse(String venue) {
        byte[] yaml = ("venue: " + venue + "\n").getBytes(StandardCharsets.UTF_8);
        return (HyperliquidVenueConfig) ConfigFile.reading("t.yaml", () -> ConfigLoader.parse("t.yaml", yaml, File.class,
                Map.of(provider.name(), provider.configType()))).venue();
    }

    @Test
    void aBadValueInTheSectionNamesItsVenueKey() {
        assertThatThrownBy(() -> parse("{type: hyperliquid, baseUrl: 'ftp://x'}")).isInstanceOf(ConfigException.class)
                .hasMessage("config error: t.yaml: venue.baseUrl: must be an http(s) URL, got 'ftp://x'");
        assertThatThrownBy(() -> parse("{type: hyperliquid, marketSlippage: 0.9}"))
                .hasMessage("config error: t.yaml: venue.marketSlippage: must be greater than 0 and at most 0.5, got 0.9");
        assertThatThrownBy(() -> parse("{type: hyperliquid, keyfile: x}"))
                .hasMessageStartingWith("config error: t.yaml: venue.keyfile: unknown key");
        assertThat(parse("{type: hyperliquid}").baseUrl()).isEqualTo("http://127.0.0.1:9502");
    }

    @Test
    void theAccountIsTheVaultElseTheMainAccountElseTheKeysAddressAndTheKeyIsReadInEveryCase() {
        Map<String, String> env = Map.of("HL_PRIVATE_KEY", HEX);
        assertThat(provider.describe(parse("{type: hyperliquid}"), env))
                .isEqualTo(new VenueProvider.Description("hyperliquid", ADDRESS));
        assertThat(provider.describe(parse("{type: hyperliquid, account: '0xABCDEF'}"), env).account())
                .isEqualTo("0xabcdef");
        assertThat(provider.describe(parse("{type: hyperliquid, account: '0xabc', vaultAddress: '0xDEF'}"), env).account())
                .isEqualTo("0xdef");
        assertThatThrownBy(() -> provider.describe(parse("{type: hyperliquid, account: '0xabc'}"), Map.of()))
                .isInstanceOf(VenueKeyException.class).hasMessageContaining("HL_PRIVATE_KEY");
    }

    @Test
    void aKeyFileOthersCanReadStopsTheStartAndTheMessageNeverHoldsTheKey() throws Exception {
        Path key = dir.resolve("hl.key");
        Files.writeString(key, HEX);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        HyperliquidVenueConfig config = parse("{type: hyperliquid, keyFile: '" + key + "'}");
        assertThatThrownBy(() -> provider.describe(config, Map.of())).isInstanceOf(VenueKeyException.class)
                .hasMessageContaining(key.toString()).hasMessageContaining("0644")
                .message().doesNotContain(HEX.substring(2, 20));
    }

    @Test
    void aDemoKeyIsOneTheKeyLoaderReads() throws Exception {
        Path key = dir.resolve("demo.key");
        provider.createKey(key, new SecureRandom());
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(provider.describe(parse("{type: hyperliquid, keyFile: '" + key + "'}"), Map.of()).account())
                .isEqualTo(PrivateKey.fromFile(key).address().toString().toLowerCase());
    }
}
