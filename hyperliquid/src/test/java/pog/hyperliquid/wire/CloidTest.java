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
    void aPogClientIdIsLaidOutInTheCloidAndReadBack() {
        Cloid cloid = Cloid.of(new pog.venue.ClientId(0x0a1b2c3d, 7));
        assertThat(cloid.toString()).isEqualTo("0x506f4701" + "000000000a1b2c3d" + "00000007");
        assertThat(cloid.clientId()).isEqualTo(new pog.venue.ClientId(0x0a1b2c3d, 7));
        assertThat(Cloid.parse(cloid.toString()).clientId()).isEqualTo(new pog.venue.ClientId(0x0a1b2c3d, 7));
        pog.venue.ClientId widest = new pog.venue.ClientId(pog.venue.ClientId.MAX_EPOCH, pog.venue.ClientId.MAX_SEQUENCE);
        assertThat(Cloid.of(widest).clientId()).isEqualTo(widest);
    }

    @Test
    void aCloidWithoutPogsLayoutCarriesNoPogId() {
        assertThat(Cloid.fromClientOrderId("trader-hl-1001").clientId()).isNull();
        assertThat(Cloid.parse("0x00000000000000000000000000000001").clientId()).isNull();
        // the prefix but numbers no PoG id can have
        assertThat(Cloid.parse("0x506f4701000000000000000000000001").clientId()).isNull();
        assertThat(Cloid.parse("0x506f47010000000100000000ffffffff").clientId()).isNull();
        assertThat(Cloid.parse("0x506f470200000000000000010000000a").clientId()).as("another layout").isNull();
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
