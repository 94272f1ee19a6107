package pog.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.time.ManualClock;
import pog.venue.VenueException;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pog.sim.Sim.d;

/** Deposits: how front ends whose accounts exist only when provisioned fund them; they survive a reopen. */
class DepositTest {
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Sim.T0);

    @Test
    void aDepositCreditsTheAccountAndIsKeptAcrossAReopen() {
        Path file = dir.resolve("exchange.db");
        try (Exchange ex = Sim.open(file, clock)) {
            assertThat(ex.deposit("acct", d("250.5"))).isEqualByComparingTo("10250.5");
            assertThat(ex.deposit("acct", d("0"))).isEqualByComparingTo("10250.5");
            assertThatThrownBy(() -> ex.deposit("acct", d("-1"))).isInstanceOf(VenueException.class);
        }
        try (Exchange ex = Sim.open(file, clock)) {
            assertThat(ex.balance("acct")).isEqualByComparingTo("10250.5");
            assertThat(ex.account("acct").equity()).isEqualByComparingTo("10250.5");
        }
    }
}
