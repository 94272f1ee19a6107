package pog.hyperliquid.signing;

import org.web3j.crypto.Hash;

import java.nio.charset.StandardCharsets;

/**
 * The EIP-712 message an L1 action is signed as: {@code Agent(string source, bytes32 connectionId)} in the domain
 * {name "Exchange", version "1", chainId 1337, verifyingContract 0x0}. The "agent" is a phantom: nobody holds its
 * key; the venue recovers the signer from the signature over it.
 */
public final class PhantomAgent {
    private static final byte[] DOMAIN_SEPARATOR = domainSeparator();
    private static final byte[] AGENT_TYPE_HASH = keccak("Agent(string source,bytes32 connectionId)");
    private static final byte[] SOURCE_HASH_MAINNET = keccak(Network.MAINNET.source());
    private static final byte[] SOURCE_HASH_TESTNET = keccak(Network.TESTNET.source());

    private PhantomAgent() {
    }

    /** keccak256(0x19 0x01 || domainSeparator || hashStruct(Agent)) — the 32 bytes that get signed. */
    public static byte[] digest(byte[] connectionId, Network network) {
        if (connectionId.length != 32) {
            throw new IllegalArgumentException("connectionId must be 32 bytes, got " + connectionId.length);
        }
        byte[] struct = new byte[96];
        System.arraycopy(AGENT_TYPE_HASH, 0, struct, 0, 32);
        System.arraycopy(network == Network.MAINNET ? SOURCE_HASH_MAINNET : SOURCE_HASH_TESTNET, 0, struct, 32, 32);
        System.arraycopy(connectionId, 0, struct, 64, 32);
        byte[] message = new byte[66];
        message[0] = 0x19;
        message[1] = 0x01;
        System.arraycopy(DOMAIN_SEPARATOR, 0, message, 2, 32);
        System.arraycopy(Hash.sha3(struct), 0, message, 34, 32);
        return Hash.sha3(message);
    }

    private static byte[] domainSeparator() {
        byte[] encoded = new byte[160];
        System.arraycopy(keccak("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                0, encoded, 0, 32);
        System.arraycopy(keccak("Exchange"), 0, encoded, 32, 32);
        System.arraycopy(keccak("1"), 0, encoded, 64, 32);
        byte[] chainId = Signature.toBytes32(java.math.BigInteger.valueOf(1337));
        System.arraycopy(chainId, 0, encoded, 96, 32);
        // verifyingContract is the zero address: its 32-byte word stays all zeros.
        return Hash.sha3(encoded);
    }

    private static byte[] keccak(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }
}
