package pog.trader.config;

import org.junit.jupiter.api.Test;
import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;
import pog.paper.PaperProvider;
import pog.paper.PaperVenueConfig;
import pog.venue.Venue;
import pog.venue.spi.VenueConfig;
import pog.venue.spi.VenueProvider;
import pog.venue.spi.VenueProviders;
import pog.trader.TestVenues;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraderConfigTest {
    private static TraderConfig parse(String extra) {
        return parse("venue: {type: paper}\n" + extra, TestVenues.PAPER);
    }

    private static TraderConfig parse(String body, VenueProviders venues) {
        return TraderConfig.parse("t.yaml", ("service: trader-test\n" + body).getBytes(StandardCharsets.UTF_8), venues);
    }

    /** A second venue, known only to this test: the trader takes whatever venues it is handed. */
    public record RemoteConfig(String url) implements VenueConfig {
        public RemoteConfig {
            if (url == null) {
                throw new ConfigException(ConfigFile.current(), "venue.url", "is required");
            }
        }
    }

    static final class Remote extends VenueProvider<RemoteConfig> {
        public Remote() {
            super("remote", RemoteConfig.class);
        }

        @Override
        public Description describe(RemoteConfig config, Map<String, String> env) {
            return new Description(name(), config.url());
        }

        @Override
        public Venue open(RemoteConfig config, Path dataDir, Map<String, String> env, Clock clock) {
            throw new UnsupportedOperationException("never opened here");
        }
    }

    private static final VenueProviders PAPER_AND_REMOTE = VenueProviders.of(new PaperProvider(), new Remote());

    @Test
    void theVenueSectionParsesIntoTheRecordOfTheProviderItsTypeNames() {
        assertThat(parse("venue: {type: paper, account: alice, seed: 7}\n", PAPER_AND_REMOTE).venue())
                .isEqualTo(new PaperVenueConfig("alice", 7L, null, null, null));
        assertThat(parse("venue: {type: remote, url: 'x:1'}\n", PAPER_AND_REMOTE).venue())
                .isEqualTo(new RemoteConfig("x:1"));
        assertThat(PAPER_AND_REMOTE.describe(parse("venue: {type: remote, url: 'x:1'}\n", PAPER_AND_REMOTE).venue(),
                Map.of())).isEqualTo(new VenueProvider.Description("remote", "x:1"));
    }

    @Test
    void anUnknownOrMissingVenueTypeListsTheVenuesThisProcessKnows() {
        assertThatThrownBy(() -> parse("venue: {type: binance}\n", PAPER_AND_REMOTE)).isInstanceOf(ConfigException.class)
                .hasMessage("config error: t.yaml: venue.type: unknown type 'binance' (known: paper, remote)");
        assertThatThrownBy(() -> parse("venue: {type: remote, url: 'x:1'}\n", TestVenues.PAPER))
                .hasMessage("config error: t.yaml: venue.type: unknown type 'remote' (known: paper)");
        assertThatThrownBy(() -> parse("venue: {account: alice}\n", PAPER_AND_REMOTE))
                .hasMessageStartingWith("config error: t.yaml: venue.type: is required").hasMessageEndingWith("(known: paper, remote)");
    }

    @Test
    void aStrictErrorInsideTheVenueSectionNamesTheVenueKey() {
        assertThatThrownBy(() -> parse("venue: {type: paper, tickMillis: 5}\n", PAPER_AND_REMOTE))
                .hasMessage("config error: t.yaml: venue.tickMillis: must be at least 10, got 5");
        assertThatThrownBy(() -> parse("venue: {type: paper, sede: 7}\n", PAPER_AND_REMOTE))
                .hasMessageStartingWith("config error: t.yaml: venue.sede: unknown key (line 2)")
                .hasMessageContaining("known here: account, seed, startingBalance, tickMillis, volatility");
        assertThatThrownBy(() -> parse("venue: {type: remote}\n", PAPER_AND_REMOTE))
                .hasMessage("config error: t.yaml: venue.url: is required");
        assertThatThrownBy(() -> parse("venue: {type: paper, seed: many}\n", PAPER_AND_REMOTE))
                .hasMessageStartingWith("config error: t.yaml: venue.seed: expected a whole number");
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
