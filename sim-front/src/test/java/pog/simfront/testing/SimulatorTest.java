package pog.simfront.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * A test against one simulator, the set-up every simulator test class shares: a fresh data directory, the venue's
 * harness {@code H} (a real server on port 0, a hand-driven clock, a signing client) opened before each test and
 * closed after it, also when the test fails. A subclass's own {@code @BeforeEach} runs after the harness is open,
 * its {@code @AfterEach} before it is closed.
 */
public abstract class SimulatorTest<H extends AutoCloseable> {
    /** The test's data directory (the harness's state lives here; a test may open a second harness on it). */
    @TempDir
    protected Path dir;
    /** The harness of this test. */
    protected H h;

    /** The venue's harness on {@code dir}. */
    protected abstract H open(Path dir) throws Exception;

    @BeforeEach
    final void openSimulator() throws Exception {
        h = open(dir);
    }

    @AfterEach
    final void closeSimulator() throws Exception {
        if (h != null) {
            h.close();
        }
    }
}
