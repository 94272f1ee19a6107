package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.L1Verifier;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;
import pog.hyperliquid.signing.Signature;
import pog.hyperliquid.wire.Actions;
import pog.hyperliquid.wire.Grouping;
import pog.hyperliquid.wire.OrderTypeWire;
import pog.hyperliquid.wire.OrderWire;
import pog.hyperliquid.wire.Tif;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The native recovery the simulator uses answers exactly as the project's Bouncy Castle recovery. */
class SignerRecoveryAgreementTest {
    @Test
    void onLinuxAmd64TheNativeLibraryIsTheOneInUse() {
        assumeThat(System.getProperty("os.name")).startsWith("Linux");
        assumeThat(System.getProperty("os.arch")).isIn("amd64", "x86_64");
        assertThat(SignerRecovery.isNative()).isTrue();
    }

    @Test
    void nativeAndBouncyCastleRecoverTheSameSignerForSignedAndTamperedActions() {
        Random random = new Random(16);
        for (int i = 0; i < 200; i++) {
            PrivateKey key = PrivateKey.fromHex(String.format("0x%064x", new BigInteger(250, random).add(BigInteger.ONE)));
            L1Signer signer = new L1Signer(key, Network.TESTNET);
            ObjectNode action = Actions.order(List.of(new OrderWire(0, random.nextBoolean(),
                    Integer.toString(30_000 + random.nextInt(30_000)), "0.001", false,
                    new OrderTypeWire.Limit(Tif.GTC), null)), Grouping.NA);
            L1Action l1 = new L1Action(action, 1_767_225_600_000L + i);
            Signature signature = signer.sign(l1);

            assertThat(SignerRecovery.recover(l1, Network.TESTNET, signature)).contains(key.address())
                    .isEqualTo(L1Verifier.recover(l1, Network.TESTNET, signature));
            // the other network's digest: some other address, the same for both implementations
            Optional<Address> other = SignerRecovery.recover(l1, Network.MAINNET, signature);
            assertThat(other).isEqualTo(L1Verifier.recover(l1, Network.MAINNET, signature));
            assertThat(other).isNotEqualTo(Optional.of(key.address()));
            // the other recovery id names the other R: again the same answer from both
            Signature flipped = new Signature(signature.r(), signature.s(), signature.v() == 27 ? 28 : 27);
            assertThat(SignerRecovery.recover(l1, Network.TESTNET, flipped))
                    .isEqualTo(L1Verifier.recover(l1, Network.TESTNET, flipped));
        }
    }
}
