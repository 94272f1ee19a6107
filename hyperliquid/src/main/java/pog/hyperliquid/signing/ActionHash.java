package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;
import org.web3j.crypto.Hash;

import java.nio.ByteBuffer;

/**
 * The connection id of an L1 action: keccak256(msgpack(action) || nonce (8 bytes BE) || vault marker
 * [|| 0x00 || expiresAfter (8 bytes BE)]), where the vault marker is 0x00, or 0x01 followed by the 20 address bytes.
 */
public final class ActionHash {
    private ActionHash() {
    }

    /**
     * @param vault        the vault or sub-account traded for, or null
     * @param expiresAfter epoch millis after which the venue must reject the action, or null
     */
    public static byte[] connectionId(JsonNode action, long nonce, Address vault, Long expiresAfter) {
        return Hash.sha3(preimage(action, nonce, vault, expiresAfter));
    }

    /** The bytes that are hashed; exposed so tests and the simulator can show where two actions differ. */
    public static byte[] preimage(JsonNode action, long nonce, Address vault, Long expiresAfter) {
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must not be negative");
        }
        if (expiresAfter != null && expiresAfter < 0) {
            throw new IllegalArgumentException("expiresAfter must not be negative");
        }
        byte[] packed = ActionMsgpack.pack(action);
        int length = packed.length + 8 + (vault == null ? 1 : 21) + (expiresAfter == null ? 0 : 9);
        ByteBuffer buffer = ByteBuffer.allocate(length);
        buffer.put(packed).putLong(nonce);
        if (vault == null) {
            buffer.put((byte) 0);
        } else {
            buffer.put((byte) 1).put(vault.toBytes());
        }
        if (expiresAfter != null) {
            buffer.put((byte) 0).putLong(expiresAfter);
        }
        return buffer.array();
    }
}
