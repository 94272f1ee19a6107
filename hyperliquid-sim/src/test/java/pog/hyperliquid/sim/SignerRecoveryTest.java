package pog.hyperliquid.sim;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Verifier;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.signing.Signature;
import pog.hyperliquid.wire.Actions;

import java.math.BigInteger;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator recovers every request's signer with the signing package's recovery, which skips web3j's
 * redundant order check for speed; it must agree with web3j's {@code Sign.recoverFromSignature} everywhere.
 */
class SignerRecoveryTest {
    @Test
    void recoveryAgreesWithWeb3jForSignedActionsAndForRandomSignatures() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            BigInteger d = new BigInteger(250, random).add(BigInteger.ONE);
            PrivateKey key = PrivateKey.fromHex(String.format("0x%064x", d));
            L1Action action = new L1Action(Actions.scheduleCancel((long) i), 1_000L + i);
            Signature sig = new pog.hyperliquid.signing.L1Signer(key, Network.TESTNET).sign(action);
            assertThat(L1Verifier.recover(action, Network.TESTNET, sig)).contains(key.address());

            // Any (r, s, v): both recoveries agree, including on "no key made this".
            Signature random1 = new Signature(new BigInteger(255, random).add(BigInteger.ONE),
                    new BigInteger(255, random).add(BigInteger.ONE), 27 + random.nextInt(2));
            byte[] digest = action.digest(Network.MAINNET);
            BigInteger web3j;
            try {
                web3j = Sign.recoverFromSignature(random1.v() - 27, new ECDSASignature(random1.r(), random1.s()),
                        digest);
            } catch (IllegalArgumentException e) {
                web3j = null;
            }
            var ours = L1Verifier.recover(action, Network.MAINNET, random1);
            if (web3j == null) {
                assertThat(ours).isEmpty();
            } else {
                assertThat(ours).contains(Address.of(Keys.getAddress(web3j)));
            }
        }
    }
}
