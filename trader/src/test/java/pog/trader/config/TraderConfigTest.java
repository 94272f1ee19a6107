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
}
