package pog.venue.spi;

import org.junit.jupiter.api.Test;
import pog.venue.Venue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VenueProvidersTest {
    record AConfig(String account) implements VenueConfig {
    }

    record BConfig(String account) implements VenueConfig {
    }

    /** A provider that only describes: enough to see which one the list picks for a config. */
    static final class Named<C extends VenueConfig> extends VenueProvider<C> {
        Named(String name, Class<C> configType) {
            super(name, configType);
        }

        @Override
        public Description describe(C config, Map<String, String> env) {
            return new Description(name(), config.toString());
        }

        @Override
        public Venue open(C config, Path dataDir, Map<String, String> env, Clock clock) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aConfigGoesToTheProviderThatDeclaredItsRecord() {
        VenueProviders venues = VenueProviders.of(new Named<>("a", AConfig.class), new Named<>("b", BConfig.class));
        assertThat(venues.names()).containsExactly("a", "b");
        assertThat(venues.configTypes()).containsExactly(Map.entry("a", AConfig.class), Map.entry("b", BConfig.class));
        assertThat(venues.describe(new BConfig("x"), Map.of()).venue()).isEqualTo("b");
        assertThat(venues.find("a")).isPresent();
        assertThat(venues.find("c")).isEmpty();
    }

    @Test
    void twoProvidersMayShareNeitherANameNorARecord() {
        assertThatThrownBy(() -> VenueProviders.of(new Named<>("a", AConfig.class), new Named<>("a", BConfig.class)))
                .hasMessage("two venue providers are named 'a'");
        assertThatThrownBy(() -> VenueProviders.of(new Named<>("a", AConfig.class), new Named<>("b", AConfig.class)))
                .hasMessageContaining("venues 'a' and 'b' share the config record");
    }

    @Test
    void aVenueWithoutKeysSaysSoWhenAskedForOne() {
        assertThatThrownBy(() -> new Named<>("a", AConfig.class).createKey(Path.of("k"), null))
                .isInstanceOf(UnsupportedOperationException.class).hasMessage("the a venue uses no key");
    }
}
