package pog.sim;

import pog.common.time.ManualClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pog.sim.Sim.market;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.venue.OrderStatus;
import pog.venue.Side;
import pog.venue.VenueException;

class FailureTest {
    @TempDir
    Path dir;

    @Test
    void aFailedCommitLeavesMemoryExactlyAsTheFileAndTheCallCanBeRetried() throws Exception {
        Path file = dir.resolve("sim.db");
        ManualClock clock = new ManualClock(Sim.T0);
        try (Exchange ex = Sim.open(file, clock);
             Connection saboteur = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            ex.place("alice", market("first", "BTC", Side.BUY, "0.1"));
            Script.State before = Script.state(ex);
            try (Statement st = saboteur.createStatement()) {
                st.execute("CREATE TRIGGER no_fills BEFORE INSERT ON fill BEGIN SELECT RAISE(ABORT, 'disk full'); END");
            }

            assertThatThrownBy(() -> ex.place("alice", market("second", "BTC", Side.BUY, "0.1")))
                    .isInstanceOf(VenueException.class)
                    .hasMessageContaining("disk full")
                    .matches(e -> ((VenueException) e).retryable());
            assertThat(Script.state(ex)).isEqualTo(before);
            assertThat(ex.order("alice", "second")).isEmpty();

            try (Statement st = saboteur.createStatement()) {
                st.execute("DROP TRIGGER no_fills");
            }
            assertThat(ex.place("alice", market("second", "BTC", Side.BUY, "0.1")).status())
                    .isEqualTo(OrderStatus.FILLED);
            assertThat(ex.positions("alice").get(0).size()).isEqualByComparingTo("0.2");
        }
    }

    @Test
    void aClosedExchangeRefusesCallsAsUnavailable() {
        Exchange ex = Sim.open(dir.resolve("sim.db"), new ManualClock(Sim.T0));
        ex.close();

        assertThatThrownBy(() -> ex.account("alice"))
                .isInstanceOf(VenueException.class)
                .hasMessage("exchange is closed");
    }
}
