package pog.trader.config;

import org.junit.jupiter.api.Test;
import pog.common.config.ConfigException;
import pog.common.config.ConfigLoader;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraderConfigTest {
    private static TraderConfig parse(String extra) {
        String yaml = "service: trader-test\nvenue: {type: paper}\n" + extra;
        return ConfigFile.reading("t.yaml",
                () -> ConfigLoader.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), TraderConfig.class));
    }

    @Test
    void hostNamesDefaultToNoneAndAreKeptLowercase() {
        assertThat(parse("").hostNames()).isEmpty();
        assertThat(parse("hostNames: [Trader-HL.example.lan, 10.0.0.5]\n").hostNames())
                .containsExactly("trader-hl.example.lan", "10.0.0.5");
        assertThat(parse("hostNames: [trader.lan]\n").withOverrides(1234, null).hostNames())
                .containsExactly("trader.lan");
    }

    @Test
    void anEmptyOrUrlShapedHostNameIsAConfigErrorNamingItsPlace() {
        assertThatThrownBy(() -> parse("hostNames: [trader.lan, '']\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hostNames[1]").hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> parse("hostNames: ['  ']\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hostNames[0]: must not be empty");
        assertThatThrownBy(() -> parse("hostNames: ['http://trader.lan/']\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hostNames[0]").hasMessageContaining("no scheme, path or spaces");
        assertThatThrownBy(() -> parse("hostNames: trader.lan\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("hostNames");
    }

    @Test
    void healthBoundsDefaultToTheDocumentedOnesAndABadOneIsAConfigErrorNamingItsKey() {
        assertThat(parse("").health()).isEqualTo(new HealthConfig(2_000L, 1_000L, 0.2, 30_000L));
        assertThat(parse("health: {venueSlowMs: 3000}\n").health().venueSlowMs()).isEqualTo(3_000L);
        assertThatThrownBy(() -> parse("health: {venueErrorRate: 2}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("health.venueErrorRate: must be greater than 0 and at most 1, got 2.0");
        assertThatThrownBy(() -> parse("health: {loopStaleMs: 10}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("health.loopStaleMs: must be between 500 and 600000 ms, got 10");
    }
}
