package pog.hyperliquid.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.web3j.crypto.Hash;
import pog.hyperliquid.signing.Address;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * The {@code approveAgent} action, a user-signed (not L1) action: EIP-712 {@code
 * HyperliquidTransaction:ApproveAgent(string hyperliquidChain,address agentAddress,string agentName,uint64 nonce)}
 * in the domain {name "HyperliquidSignTransaction", version "1", chainId = signatureChainId, verifyingContract 0x0}.
 * A missing agentName was signed as "" (the Python SDK drops it after signing).
 */
record ApproveAgent(String hyperliquidChain, BigInteger signatureChainId, Address agent, String agentName,
                    long nonce) {

    private static final byte[] TYPE_HASH = keccak("HyperliquidTransaction:ApproveAgent(string hyperliquidChain,"
            + "address agentAddress,string agentName,uint64 nonce)");
    private static final byte[] DOMAIN_TYPE_HASH = keccak(
            "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    static ApproveAgent parse(JsonNode a) {
        String chain = text(a, "hyperliquidChain");
        String chainId = text(a, "signatureChainId");
        if (!chainId.startsWith("0x") || chainId.length() < 3) {
            throw new IllegalArgumentException("signatureChainId must be 0x hex");
        }
        JsonNode name = a.get("agentName");
        JsonNode nonce = a.get("nonce");
        if (nonce == null || !nonce.canConvertToLong()) {
            throw new IllegalArgumentException("missing field `nonce`");
        }
        return new ApproveAgent(chain, new BigInteger(chainId.substring(2), 16), Address.of(text(a, "agentAddress")),
                name == null || name.isNull() ? "" : name.asText(), nonce.longValue());
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing field `" + field + "`");
        }
        return v.textValue();
    }

    /** keccak256(0x19 0x01 || domainSeparator || hashStruct(ApproveAgent)). */
    byte[] digest() {
        byte[] domain = new byte[160];
        put(domain, 0, DOMAIN_TYPE_HASH);
        put(domain, 32, keccak("HyperliquidSignTransaction"));
        put(domain, 64, keccak("1"));
        put(domain, 96, word(signatureChainId));
        byte[] struct = new byte[160];
        put(struct, 0, TYPE_HASH);
        put(struct, 32, keccak(hyperliquidChain));
        put(struct, 64 + 12, agent.toBytes());
        put(struct, 96, keccak(agentName));
        put(struct, 128, word(BigInteger.valueOf(nonce)));
        byte[] message = new byte[66];
        message[0] = 0x19;
        message[1] = 0x01;
        put(message, 2, Hash.sha3(domain));
        put(message, 34, Hash.sha3(struct));
        return Hash.sha3(message);
    }

    private static void put(byte[] target, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, target, at, bytes.length);
    }

    private static byte[] word(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }

    private static byte[] keccak(String text) {
        return Hash.sha3(text.getBytes(StandardCharsets.UTF_8));
    }
}
