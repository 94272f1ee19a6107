package pog.hyperliquid.wire;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WireFormatTest {

    /** Expected strings are what the Python SDK's float_to_wire returns for the same float. */
    @ParameterizedTest
    @CsvSource({
            "0.30000000000000004, 0.3",
            "1670.1, 1670.1",
            "100.0, 100",
            "1e-8, 0.00000001",
            "-1.5, -1.5",
            "123123123123.0, 123123123123",
            "1e-13, 0",
            "0.0147, 0.0147",
            "2.675, 2.675",
            "99999.99999999, 99999.99999999",
            "12345678.12345678, 12345678.12345678",
            "1e15, 1000000000000000",
            "1.0000000000001, 1",
    })
    void floatToWireMatchesThePythonSdk(double x, String expected) {
        assertThat(WireFormat.floatToWire(x)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"1e-9", "0.123456789", "5e-9", "1.5e-8", "1.000000004999"})
    void floatToWireRefusesValuesItWouldRound(double x) {
        assertThatThrownBy(() -> WireFormat.floatToWire(x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("round");
    }

    @Test
    void negativeZeroIsZero() {
        assertThat(WireFormat.floatToWire(-0.0)).isEqualTo("0");
        assertThat(WireFormat.floatToWire(-1e-13)).isEqualTo("0");
        assertThat(WireFormat.floatToWire(new BigDecimal("-0.000"))).isEqualTo("0");
    }

    @Test
    void nonFiniteIsRefused() {
        assertThatThrownBy(() -> WireFormat.floatToWire(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WireFormat.floatToWire(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decimalsFollowTheSameRule() {
        assertThat(WireFormat.floatToWire(new BigDecimal("1670.10000"))).isEqualTo("1670.1");
        assertThat(WireFormat.floatToWire(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(WireFormat.floatToWire(new BigDecimal("0.000000010000000000001"))).isEqualTo("0.00000001");
        assertThatThrownBy(() -> WireFormat.floatToWire(new BigDecimal("0.000000011")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
            // px, szDecimals, valid
            "1234.5, 0, true",
            "1234.56, 0, false",   // 6 significant figures
            "12345, 0, true",
            "123456, 0, true",     // integers are always allowed
            "123456.0, 5, true",
            "123456.5, 0, false",
            "0.012345, 0, true",
            "0.0123456, 0, false", // 7 decimals and 6 significant figures
            "0.001234, 2, false",  // 6 decimals > 6 - 2
            "1.2345, 2, true",
            "1.23456, 1, false",
            "0.12345, 2, false",   // 5 decimals > 6 - 2
            "0.1234, 2, true",
            "50.0000, 5, true",    // trailing zeros do not count
            "50.1, 5, true",
            "50.12, 5, false",     // 6 - 5 = 1 decimal
            "0, 0, false",
            "-1, 0, false",
    })
    void perpPriceRule(String px, int szDecimals, boolean valid) {
        assertThat(WireFormat.isValidPerpPrice(new BigDecimal(px), szDecimals)).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource({
            // px, szDecimals, mode, expected
            "1234.56, 0, HALF_EVEN, 1234.6",
            "1234.54, 0, UP, 1234.6",
            "1234.56, 0, DOWN, 1234.5",
            "123456.7654321, 0, HALF_EVEN, 123457",
            "1234567.654321, 0, HALF_EVEN, 1234568",
            "12345.67654321, 0, HALF_EVEN, 12346",
            "0.0123456789, 0, HALF_EVEN, 0.012346",
            "0.0123456789, 2, HALF_EVEN, 0.0123",
            "99999.5, 0, HALF_UP, 100000",
            "9.999996, 0, HALF_UP, 10",
            "3.14159, 4, DOWN, 3.14",
            "2000.00, 5, HALF_EVEN, 2000",
    })
    void roundPerpPriceGivesTheNearestValidPrice(String px, int szDecimals, RoundingMode mode, String expected) {
        BigDecimal rounded = WireFormat.roundPerpPrice(new BigDecimal(px), szDecimals, mode);
        assertThat(rounded.toPlainString()).isEqualTo(expected);
        assertThat(WireFormat.isValidPerpPrice(rounded, szDecimals)).isTrue();
        assertThat(WireFormat.perpPriceToWire(rounded, szDecimals)).isEqualTo(expected);
    }

    @Test
    void aPriceThatRoundsToZeroIsRefused() {
        assertThatThrownBy(() -> WireFormat.roundPerpPrice(new BigDecimal("0.00001"), 5, RoundingMode.HALF_EVEN))
                .hasMessageContaining("rounds to zero");
        assertThat(WireFormat.roundPerpPrice(new BigDecimal("0.00001"), 5, RoundingMode.UP).toPlainString())
                .isEqualTo("0.1");
    }

    @Test
    void perpPriceToWireRefusesRatherThanRounds() {
        assertThatThrownBy(() -> WireFormat.perpPriceToWire(new BigDecimal("1234.56"), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1234.56")
                .hasMessageContaining("roundPerpPrice");
        assertThat(WireFormat.perpPriceToWire(new BigDecimal("1670.10"), 4)).isEqualTo("1670.1");
    }

    @Test
    void sizesHaveAtMostSzDecimals() {
        assertThat(WireFormat.sizeToWire(new BigDecimal("0.0147"), 4)).isEqualTo("0.0147");
        assertThat(WireFormat.sizeToWire(new BigDecimal("100.000"), 2)).isEqualTo("100");
        assertThat(WireFormat.sizeToWire(new BigDecimal("1E+2"), 0)).isEqualTo("100");
        assertThatThrownBy(() -> WireFormat.sizeToWire(new BigDecimal("0.01471"), 4))
                .hasMessageContaining("more than 4 decimals");
        assertThatThrownBy(() -> WireFormat.sizeToWire(BigDecimal.ZERO, 4)).hasMessageContaining("positive");
        assertThat(WireFormat.roundSize(new BigDecimal("0.01479"), 4, RoundingMode.DOWN).toPlainString())
                .isEqualTo("0.0147");
    }

    @Test
    void szDecimalsOutsideThePerpRangeAreRefused() {
        assertThatThrownBy(() -> WireFormat.isValidPerpPrice(BigDecimal.ONE, 7)).hasMessageContaining("szDecimals");
        assertThatThrownBy(() -> WireFormat.sizeToWire(BigDecimal.ONE, -1)).hasMessageContaining("szDecimals");
    }
}
