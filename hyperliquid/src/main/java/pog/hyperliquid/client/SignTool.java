package pog.hyperliquid.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import pog.hyperliquid.signing.Address;
import pog.hyperliquid.signing.L1Action;
import pog.hyperliquid.signing.L1Signer;
import pog.hyperliquid.signing.Network;
import pog.hyperliquid.signing.PrivateKey;

import java.nio.file.Path;

/**
 * What {@code pog hyperliquid sign} and {@code pog hyperliquid address} do, apart from the command line: sign an L1
 * action given as JSON text (its key order kept, since the signature covers it) and print a key file's address.
 * Failures are {@link IllegalArgumentException} or {@link pog.hyperliquid.signing.KeyLoadException} with one-line
 * messages that never quote the key.
 */
public final class SignTool {
    private SignTool() {
    }

    /** {@code {"r":"0x..","s":"0x..","v":27|28}} for {@code actionJson} signed with the key in {@code keyFile}. */
    public static String sign(Path keyFile, long nonce, boolean testnet, String vault, Long expiresAfter,
                              String actionJson) {
        JsonNode action;
        try {
            action = HyperliquidRest.JSON.readTree(actionJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ACTION_JSON is not valid JSON: " + e.getOriginalMessage());
        }
        if (action == null || !action.isObject()) {
            throw new IllegalArgumentException("ACTION_JSON must be a JSON object, e.g. {\"type\":\"scheduleCancel\"}");
        }
        if (nonce < 0) {
            throw new IllegalArgumentException("--nonce must not be negative");
        }
        Address vaultAddress;
        try {
            vaultAddress = vault == null || vault.isBlank() ? null : Address.of(vault);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--vault: " + e.getMessage());
        }
        L1Signer signer = new L1Signer(PrivateKey.fromFile(keyFile), Network.of(testnet));
        try {
            return HyperliquidRest.write(signer.sign(new L1Action(action, nonce, vaultAddress, expiresAfter)).toJson());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // e.g. a float in the action: Hyperliquid's msgpack encoding has none (prices and sizes are strings)
            throw new IllegalArgumentException("cannot sign ACTION_JSON: " + e.getMessage());
        }
    }

    /** The address of the key in {@code keyFile} (an agent's address for an API-wallet key). */
    public static String address(Path keyFile) {
        return PrivateKey.fromFile(keyFile).address().toString();
    }
}
