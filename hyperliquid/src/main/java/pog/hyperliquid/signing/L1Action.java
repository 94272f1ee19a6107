package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Everything an L1 signature covers: the action (an ordered JSON tree), its nonce, the vault or sub-account it is
 * for (null for the signer's own account) and an optional expiry.
 */
public record L1Action(JsonNode action, long nonce, Address vaultAddress, Long expiresAfter) {

    public L1Action {
        if (action == null || !action.isObject()) {
            throw new IllegalArgumentException("an action is a JSON object");
        }
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must not be negative");
        }
    }

    public L1Action(JsonNode action, long nonce) {
        this(action, nonce, null, null);
    }

    public byte[] connectionId() {
        return ActionHash.connectionId(action, nonce, vaultAddress, expiresAfter);
    }

    /** The 32 bytes the key signs on {@code network}. */
    public byte[] digest(Network network) {
        return PhantomAgent.digest(connectionId(), network);
    }

    /**
     * The body of {@code POST /exchange}: {@code {action, nonce, signature, vaultAddress, expiresAfter}}; the
     * optional fields are written as null when absent, as the Python SDK does.
     */
    public ObjectNode requestBody(Signature signature) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("action", action);
        body.put("nonce", nonce);
        body.set("signature", signature.toJson());
        if (vaultAddress == null) {
            body.putNull("vaultAddress");
        } else {
            body.put("vaultAddress", vaultAddress.toString());
        }
        if (expiresAfter == null) {
            body.putNull("expiresAfter");
        } else {
            body.put("expiresAfter", expiresAfter);
        }
        return body;
    }

    /** Reads the action part of a {@code POST /exchange} body (the signature is {@link Signature#fromJson}). */
    public static L1Action fromRequestBody(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("request body must be a JSON object");
        }
        JsonNode action = body.get("action");
        JsonNode nonce = body.get("nonce");
        if (action == null || !action.isObject()) {
            throw new IllegalArgumentException("request has no action object");
        }
        if (nonce == null || !nonce.isIntegralNumber() || !nonce.canConvertToLong()) {
            throw new IllegalArgumentException("request nonce must be an integer");
        }
        JsonNode vault = body.get("vaultAddress");
        JsonNode expires = body.get("expiresAfter");
        Address vaultAddress = vault == null || vault.isNull() ? null : Address.of(vault.asText());
        Long expiresAfter = null;
        if (expires != null && !expires.isNull()) {
            if (!expires.isIntegralNumber() || !expires.canConvertToLong()) {
                throw new IllegalArgumentException("request expiresAfter must be an integer");
            }
            expiresAfter = expires.longValue();
        }
        return new L1Action(action, nonce.longValue(), vaultAddress, expiresAfter);
    }
}
