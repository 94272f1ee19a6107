package pog.trader.strategy.process;

import java.nio.file.Path;

/** Where the Python example is, for tests in other packages. */
public final class ProcessStrategyTestAccess {
    private ProcessStrategyTestAccess() {
    }

    public static Path example() {
        return ProcessStrategyTest.example();
    }
}
