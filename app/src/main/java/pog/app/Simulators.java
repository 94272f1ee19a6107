package pog.app;

import pog.hyperliquid.sim.HyperliquidSimProvider;
import pog.lighter.sim.LighterSimProvider;
import pog.simfront.SimulatorProvider;

import java.util.List;

/** The simulated venues {@code pog exchange-sim} can run: a new simulator module adds its provider here, and only here. */
final class Simulators {
    private Simulators() {
    }

    static List<SimulatorProvider> all() {
        return List.of(new HyperliquidSimProvider(), new LighterSimProvider());
    }
}
