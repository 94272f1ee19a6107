package pog.hyperliquid.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloidTest {

    @Test
    void derivedFromAClientOrderIdItIsStableSoRetriesReuseIt() {
        Cloid first = Cloid.fromClientOrderId("trader-hl/entry/42");
        Cloid retry = Cloid.fromClientOrderId("trader-hl/entry/42");
        assertThat(retry).isEqualTo(first);
        assertThat(first.toString()).matches("0x[0-9a-f]{32}");
        assertThat(Cloid.fromClientOrderId("trader-hl/entry/43")).isNotEqualTo(first);
    }

    @Test
    void derivationIsTheFirstSixteenBytesOfKeccak() {
        // keccak256("abc") = 4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45
        assertThat(Cloid.fromClientOrderId("abc").toString()).isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667");
    }

    @Test
    void parsesAndNormalisesHex() {
        assertThat(Cloid.parse("0x00000000000000000000000000000001").toString())
                .isEqualTo("0x00000000000000000000000000000001");
        assertThat(Cloid.parse("0xABCDEF00000000000000000000000001").toString())
                .isEqualTo("0xabcdef00000000000000000000000001");
    }

    @Test
    void refusesAnythingButSixteenBytesOfHex() {
        assertThatThrownBy(() -> Cloid.parse("00000000000000000000000000000001")).hasMessageContaining("0x");
        assertThatThrownBy(() -> Cloid.parse("0x0001")).hasMessageContaining("32 hex");
        assertThatThrownBy(() -> Cloid.parse("0x0000000000000000000000000000000g")).hasMessageContaining("32 hex");
        assertThatThrownBy(() -> Cloid.fromBytes(new byte[15])).hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> Cloid.fromClientOrderId("")).hasMessageContaining("empty");
    }
}
