package pog.hyperliquid.signing;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.crypto.StructuredDataEncoder;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our hand-written EIP-712 hash against web3j's general typed-data encoder on the same payload. */
class PhantomAgentTest {

    @Test
    void digestEqualsWeb3jsTypedDataHashOnBothNetworks() throws Exception {
        for (int i = 0; i < 5; i++) {
            byte[] connectionId = Hash.sha3(("action " + i).getBytes(StandardCharsets.UTF_8));
            for (Network network : Network.values()) {
                assertThat(PhantomAgent.digest(connectionId, network))
                        .isEqualTo(new StructuredDataEncoder(typedData(connectionId, network)).hashStructuredData());
            }
        }
    }

    @Test
    void mainnetAndTestnetDigestsDiffer() {
        byte[] id = new byte[32];
        assertThat(PhantomAgent.digest(id, Network.MAINNET)).isNotEqualTo(PhantomAgent.digest(id, Network.TESTNET));
        assertThat(Network.MAINNET.source()).isEqualTo("a");
        assertThat(Network.TESTNET.source()).isEqualTo("b");
    }

    @Test
    void theConnectionIdMustBeThirtyTwoBytes() {
        assertThatThrownBy(() -> PhantomAgent.digest(new byte[31], Network.MAINNET))
                .hasMessageContaining("32 bytes");
    }

    private static String typedData(byte[] connectionId, Network network) {
        return """
                {"types": {
                   "EIP712Domain": [{"name":"name","type":"string"},{"name":"version","type":"string"},
                                    {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
                   "Agent": [{"name":"source","type":"string"},{"name":"connectionId","type":"bytes32"}]},
                 "primaryType": "Agent",
                 "domain": {"name":"Exchange","version":"1","chainId":1337,
                            "verifyingContract":"0x0000000000000000000000000000000000000000"},
                 "message": {"source":"%s","connectionId":"0x%s"}}
                """.formatted(network.source(), HexFormat.of().formatHex(connectionId));
    }
}
