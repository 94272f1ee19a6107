package pog.simfront;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --fund 0xADDR[=USDC]} as every simulator reads it: checked before anything starts, in the person's words. */
class FundingOptionTest {
    private static final String ADDRESS = "0x14791697260E4c9A71f18484C9f997B308e59325";

    @Test
    void anAddressAloneTakesTheVenuesDefaultAndAnAmountIsKeptExactly() {
        List<SimulatorProvider.Funding> f = SimulatorProvider.Funding.parse(List.of(ADDRESS, ADDRESS + "=2500.50"));
        assertThat(f).containsExactly(new SimulatorProvider.Funding(ADDRESS, null),
                new SimulatorProvider.Funding(ADDRESS, new BigDecimal("2500.50")));
    }

    @Test
    void aBadAddressOrAmountIsRefusedNamingTheOption() {
        assertThatThrownBy(() -> SimulatorProvider.Funding.parse(List.of("0x1234=10")))
                .isInstanceOf(SimOptionException.class)
                .hasMessage("error: --fund 0x1234=10: the address must be 0x and 40 hex digits");
        assertThatThrownBy(() -> SimulatorProvider.Funding.parse(List.of(ADDRESS + "=-5")))
                .hasMessage("error: --fund " + ADDRESS + "=-5: the USDC amount must be a non-negative decimal number");
        assertThatThrownBy(() -> SimulatorProvider.Funding.parse(List.of(ADDRESS + "=lots")))
                .hasMessageEndingWith("the USDC amount must be a non-negative decimal number");
    }
}
