package pog.hyperliquid.sim;

import pog.simfront.testing.SimulatorTest;

import java.nio.file.Path;

/** A test against the simulated Hyperliquid with the standard harness (Alice and Bob funded, clock at T0). */
abstract class HyperliquidSimTest extends SimulatorTest<SimHarness> {
    @Override
    protected SimHarness open(Path dir) {
        return new SimHarness(dir);
    }
}
