package pog.lighter.signer.tx;

import java.util.HexFormat;
import pog.lighter.signer.field.GfP5;
import pog.lighter.signer.hash.Poseidon2;
import pog.lighter.signer.schnorr.Schnorr;

/**
 * A parsed auth token {@code "deadline:account:apiKeyIndex:signatureHex"} (see
 * {@link TxSigner#authToken}), for a venue to check.
 */
public record AuthToken(long deadlineEpochSeconds, long accountIndex, int apiKeyIndex, byte[] signature) {

    /** @throws IllegalArgumentException when the token is not four well-formed parts */
    public static AuthToken parse(String token) {
        String[] parts = token.split(":", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("auth token must have 4 ':'-separated parts");
        }
        try {
            return new AuthToken(Long.parseLong(parts[0]), Long.parseLong(parts[1]), Integer.parseInt(parts[2]),
                    HexFormat.of().parseHex(parts[3]));
        } catch (IllegalArgumentException bad) {
            throw new IllegalArgumentException("auth token is malformed");
        }
    }

    /** The signed text: the first three parts as the token writes them. */
    public String message() {
        return deadlineEpochSeconds + ":" + accountIndex + ":" + apiKeyIndex;
    }

    public GfP5 messageHash() {
        return Poseidon2.hashToQuinticExtension(TxSigner.asciiWords(message()));
    }

    /** {@link #verify(byte[], long)} with the key's precomputed verifier. */
    public boolean verify(Schnorr.Verifier verifier, long nowEpochSeconds) {
        return nowEpochSeconds <= deadlineEpochSeconds && verifier.verify(messageHash().toLittleEndianBytes(), signature);
    }

    /** A valid signature by the 40-byte public key and a deadline not yet passed. */
    public boolean verify(byte[] publicKey, long nowEpochSeconds) {
        return nowEpochSeconds <= deadlineEpochSeconds
                && Schnorr.verify(publicKey, messageHash().toLittleEndianBytes(), signature);
    }
}
