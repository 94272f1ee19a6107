package pog.hyperliquid.signing;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Our direct signer against web3j's Sign.signMessage, which finds v by trial recovery. */
class Secp256k1Test {

    @Test
    void signaturesEqualWeb3jsForManyKeysAndDigests() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            BigInteger d = new BigInteger(256, random).mod(Secp256k1.N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
            byte[] digest = Hash.sha3(("message " + i).getBytes(StandardCharsets.UTF_8));
            ECKeyPair pair = ECKeyPair.create(d);
            Sign.SignatureData expected = Sign.signMessage(digest, pair, false);

            Signature actual = Secp256k1.sign(digest, d);

            assertThat(actual.r()).isEqualTo(new BigInteger(1, expected.getR()));
            assertThat(actual.s()).isEqualTo(new BigInteger(1, expected.getS()));
            assertThat(actual.v()).isEqualTo(expected.getV()[0]);
            assertThat(Secp256k1.publicKey(d)).isEqualTo(pair.getPublicKey());
            assertThat(Secp256k1.recover(digest, actual).toString())
                    .isEqualTo("0x" + Keys.getAddress(pair.getPublicKey()));
        }
    }

    @Test
    void sIsAlwaysInTheLowerHalf() {
        BigInteger d = BigInteger.valueOf(123456789);
        for (int i = 0; i < 100; i++) {
            Signature sig = Secp256k1.sign(Hash.sha3(new byte[] {(byte) i}), d);
            assertThat(sig.s()).isLessThanOrEqualTo(Secp256k1.N.shiftRight(1));
        }
    }
}
