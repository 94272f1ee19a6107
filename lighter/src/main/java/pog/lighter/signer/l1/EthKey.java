package pog.lighter.signer.l1;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import pog.common.fs.SecretFiles;

/**
 * An Ethereum private key (the account owner's, which owns the Lighter account): signs L1 messages with EIP-191
 * personal_sign. It never shows itself: {@link #toString()} names only the address and no error quotes the key.
 */
public final class EthKey {
    private static final BigInteger N = Sign.CURVE_PARAMS.getN();

    private final ECKeyPair pair;
    private final String address;

    private EthKey(BigInteger secret) {
        this.pair = ECKeyPair.create(secret);
        this.address = Keys.toChecksumAddress(Keys.getAddress(pair.getPublicKey()));
    }

    /**
     * 32 bytes as 64 hex digits, {@code 0x} optional, whitespace around ignored.
     *
     * @param source what to name in an error ("Ethereum key file /x")
     */
    public static EthKey fromHex(String text, String source) {
        String digits = text == null ? "" : text.trim();
        digits = digits.startsWith("0x") || digits.startsWith("0X") ? digits.substring(2) : digits;
        if (!digits.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(source + " does not hold an Ethereum private key (64 hex digits, 0x optional)");
        }
        BigInteger secret = new BigInteger(digits, 16);
        if (secret.signum() == 0 || secret.compareTo(N) >= 0) {
            throw new IllegalArgumentException(source + " holds a value that is not a valid secp256k1 private key");
        }
        return new EthKey(secret);
    }

    /** Reads a key file that only its owner can read (mode 0600 or stricter); errors name the file, never the key. */
    public static EthKey fromFile(Path file) {
        String text;
        try {
            text = SecretFiles.readSecret(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("Ethereum key file " + e.getMessage());
        }
        return fromHex(text, "Ethereum key file " + file);
    }

    /** The EIP-55 checksummed address. */
    public String address() {
        return address;
    }

    /** EIP-191 personal_sign of the UTF-8 text: {@code 0x} + r || s || v (v 27 or 28), 132 characters. */
    public String personalSign(String message) {
        Sign.SignatureData sig = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), pair);
        byte[] out = new byte[65];
        System.arraycopy(sig.getR(), 0, out, 0, 32);
        System.arraycopy(sig.getS(), 0, out, 32, 32);
        out[64] = sig.getV()[0];
        return "0x" + HexFormat.of().formatHex(out);
    }

    /**
     * The address (EIP-55) whose key made {@code signatureHex} over the text, or null when the signature is
     * malformed or recovers nothing: what Lighter checks against the account's L1 address.
     */
    public static String recoverAddress(String message, String signatureHex) {
        if (signatureHex == null || !signatureHex.matches("0x[0-9a-fA-F]{130}")) {
            return null;
        }
        byte[] b = HexFormat.of().parseHex(signatureHex.substring(2));
        byte v = b[64];
        if (v < 27) {
            v += 27;
        }
        if (v != 27 && v != 28) {
            return null;
        }
        byte[] r = java.util.Arrays.copyOfRange(b, 0, 32);
        byte[] s = java.util.Arrays.copyOfRange(b, 32, 64);
        try {
            BigInteger pub = Sign.signedPrefixedMessageToKey(message.getBytes(StandardCharsets.UTF_8),
                    new Sign.SignatureData(v, r, s));
            return Keys.toChecksumAddress(Keys.getAddress(pub));
        } catch (java.security.SignatureException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "EthKey[address=" + address + ", key=<redacted>]";
    }
}
