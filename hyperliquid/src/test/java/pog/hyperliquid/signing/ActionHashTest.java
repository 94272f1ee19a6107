package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ActionHashTest {
    private static final Address VAULT = Address.of("0x1719884eb866cb12b2287399b15f7db5e7d775ea");

    private final JsonNode action = json("{\"type\":\"scheduleCancel\"}");
    private final String packed = "81a474797065ae7363686564756c6543616e63656c";

    @Test
    void withoutVaultOrExpiryTheNonceIsFollowedByAZeroByte() {
        assertThat(hex(ActionHash.preimage(action, 0x0102030405060708L, null, null)))
                .isEqualTo(packed + "0102030405060708" + "00");
    }

    @Test
    void aVaultIsMarkedWithOneThenItsTwentyBytes() {
        assertThat(hex(ActionHash.preimage(action, 1, VAULT, null)))
                .isEqualTo(packed + "0000000000000001" + "01" + "1719884eb866cb12b2287399b15f7db5e7d775ea");
    }

    @Test
    void anExpiryIsAppendedAfterAZeroByte() {
        assertThat(hex(ActionHash.preimage(action, 1, null, 1700000000000L)))
                .isEqualTo(packed + "0000000000000001" + "00" + "00" + "0000018bcfe56800");
        assertThat(hex(ActionHash.preimage(action, 1, VAULT, 1700000000000L)))
                .isEqualTo(packed + "0000000000000001" + "01" + "1719884eb866cb12b2287399b15f7db5e7d775ea"
                        + "00" + "0000018bcfe56800");
    }

    @Test
    void theConnectionIdIsKeccakOfThePreimage() {
        assertThat(ActionHash.connectionId(action, 5, VAULT, 9L))
                .isEqualTo(Hash.sha3(ActionHash.preimage(action, 5, VAULT, 9L)));
    }

    @Test
    void negativeNoncesAreRefused() {
        assertThatThrownBy(() -> ActionHash.preimage(action, -1, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JsonNode json(String s) {
        try {
            return new ObjectMapper().readTree(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
