package pog.pm.alerts;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

class EquityDropTest {
    private final EquityDrop drop = new EquityDrop(new BigDecimal("5"), 60_000);

    @Test
    void aFallBelowTheWindowsHighByTheThresholdIsADrop() {
        assertThat(drop.observe("t1", 0, new BigDecimal("1000"))).isNull();
        assertThat(drop.observe("t1", 10_000, new BigDecimal("1020"))).isNull();
        assertThat(drop.observe("t1", 20_000, new BigDecimal("970.01"))).as("4.9 %").isNull();

        EquityDrop.Drop d = drop.observe("t1", 30_000, new BigDecimal("969"));

        assertThat(d.percent()).isEqualByComparingTo("5.00");
        assertThat(d.peak()).isEqualByComparingTo("1020");
        assertThat(d.peakAt()).isEqualTo(10_000);
    }

    @Test
    void aHighOlderThanTheWindowNoLongerCounts() {
        drop.observe("t1", 0, new BigDecimal("1000"));
        drop.observe("t1", 30_000, new BigDecimal("960"));

        assertThat(drop.observe("t1", 70_001, new BigDecimal("955"))).as("the 1000 high left the window").isNull();
        assertThat(drop.observe("t2", 70_001, new BigDecimal("955"))).as("keys are apart").isNull();
    }
}
