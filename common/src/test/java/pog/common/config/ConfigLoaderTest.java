package pog.common.config;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    record Inner(Integer port, BigDecimal risk) {
    }

    record Outer(String name, Inner inner, List<String> symbols) {
        Outer {
            if (name == null) {
                throw new ConfigException("x.yaml", "name", "is required");
            }
        }
    }

    private static Outer parse(String yaml) {
        return ConfigLoader.parse("x.yaml", yaml.getBytes(StandardCharsets.UTF_8), Outer.class);
    }

    @Test
    void readsNestedValuesAndDecimalsExactly() {
        Outer o = parse("name: a\ninner:\n  port: 9002\n  risk: 0.01\nsymbols: [BTC, ETH]\n");
        assertThat(o.inner().port()).isEqualTo(9002);
        assertThat(o.inner().risk()).isEqualByComparingTo("0.01");
        assertThat(o.symbols()).containsExactly("BTC", "ETH");
    }

    @Test
    void unknownKeyNamesFileAndFullKey() {
        assertThatThrownBy(() -> parse("name: a\ninner:\n  prot: 9002\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config error: x.yaml: inner.prot: unknown key")
                .hasMessageContaining("port");
    }

    @Test
    void wrongTypeNamesKeyAndExpectation() {
        assertThatThrownBy(() -> parse("name: a\ninner:\n  port: abc\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("x.yaml: inner.port: expected a whole number, got 'abc'");
    }

    @Test
    void missingRequiredValueFromRecordValidationIsKept() {
        assertThatThrownBy(() -> parse("inner:\n  port: 1\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config error: x.yaml: name: is required");
    }

    @Test
    void brokenYamlIsOneClearLine() {
        assertThatThrownBy(() -> parse("name: a\n- b\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config error: x.yaml: is not valid YAML");
    }

    @Test
    void missingFileIsNamed() {
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("/nonexistent/pog.yaml"), Outer.class))
                .hasMessage("config error: /nonexistent/pog.yaml: file not found");
    }

    @Test
    void validatorRejectsBadPort() {
        Validator v = new Validator("x.yaml");
        assertThatThrownBy(() -> v.port("port", 70000))
                .hasMessage("config error: x.yaml: port: must be a port between 0 and 65535, got 70000");
    }
}
