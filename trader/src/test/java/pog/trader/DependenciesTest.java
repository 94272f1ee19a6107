package pog.trader;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The trader knows venues only through {@code pog.venue}: no venue client, no simulator and no web server but its own
 * API's is on its class path, even in its tests (which trade on the paper venue). A venue module added to
 * {@code trader/pom.xml}, or pulled in through another dependency, makes its classes loadable here and fails this.
 */
class DependenciesTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "pog.hyperliquid.client.HyperliquidVenue",
            "pog.lighter.client.LighterVenue",
            "pog.hyperliquid.sim.HyperliquidSimulator",
            "pog.lighter.sim.LighterSimulator",
            "pog.simfront.SimHttp",
            "io.javalin.Javalin"})
    void isNotOnTheTradersClassPath(String className) {
        assertThatThrownBy(() -> Class.forName(className, false, getClass().getClassLoader()))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
