package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignatureTest {

    @Test
    void shortHexWithOrWithoutPrefixIsPaddedToThirtyTwoBytes() {
        Signature sig = Signature.of("0x1", "ab", 27);
        assertThat(sig.rHex()).isEqualTo("0x" + "0".repeat(63) + "1");
        assertThat(sig.sHex()).isEqualTo("0x" + "0".repeat(62) + "ab");
        assertThat(sig.toJson().toString()).isEqualTo("{\"r\":\"" + sig.rHex() + "\",\"s\":\"" + sig.sHex() + "\",\"v\":27}");
    }

    @Test
    void upperCaseHexIsAccepted() {
        assertThat(Signature.of("0xABCDEF", "0X1", 28).r()).isEqualTo(new BigInteger("abcdef", 16));
    }

    @Test
    void malformedSignaturesAreRefused() {
        assertThatThrownBy(() -> Signature.of("0x" + "1".repeat(65), "1", 27)).hasMessageContaining("r");
        assertThatThrownBy(() -> Signature.of("0xzz", "1", 27)).hasMessageContaining("r");
        assertThatThrownBy(() -> Signature.of("0x", "1", 27)).hasMessageContaining("r");
        assertThatThrownBy(() -> Signature.of("1", "0", 27)).hasMessageContaining("s");
        assertThatThrownBy(() -> Signature.of("1", "1", 29)).hasMessageContaining("v");
        assertThatThrownBy(() -> new Signature(Secp256k1.N, BigInteger.ONE, 27)).hasMessageContaining("r");
    }

    @Test
    void readsFromJson() throws Exception {
        Signature sig = Signature.fromJson(new ObjectMapper().readTree("{\"r\":\"0x05\",\"s\":\"0x06\",\"v\":28}"));
        assertThat(sig).isEqualTo(new Signature(BigInteger.valueOf(5), BigInteger.valueOf(6), 28));
        assertThatThrownBy(() -> Signature.fromJson(new ObjectMapper().readTree("{\"r\":5,\"s\":\"0x06\",\"v\":28}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anRThatIsNoCurvePointRecoversNobodyInsteadOfThrowing() {
        byte[] digest = new byte[32];
        int nobody = 0;
        for (int r = 1; r <= 20; r++) {
            if (Secp256k1.recover(digest, new Signature(BigInteger.valueOf(r), BigInteger.ONE, 27)) == null) {
                nobody++;
            }
        }
        assertThat(nobody).isPositive();
    }
}
