package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import pog.lighter.signer.curve.Scalar;
import pog.lighter.signer.field.Gf;
import pog.lighter.signer.field.GfP5;
import pog.lighter.signer.hash.Poseidon2;
import pog.lighter.signer.l1.EthKey;
import pog.lighter.signer.schnorr.PrivateKey;
import pog.lighter.signer.schnorr.Schnorr;
import pog.lighter.signer.schnorr.Signature;

/**
 * Signs Lighter L2 transactions and auth tokens for one (account, API key) pair, as lighter-go's
 * TxClient does.
 *
 * <p>A transaction's message is Poseidon2 over its fields as field elements
 * {@code [chainId, txType, nonce, expiredAt, accountIndex, apiKeyIndex, body...]} (each Go integer
 * taken as its unsigned 64-bit pattern), aggregated with the attributes' hash when any attribute
 * is set; the signature is Schnorr over that GF(p^5) element. Thread-safe.
 */
public final class TxSigner {

    private static final HexFormat HEX = HexFormat.of();

    private final PrivateKey key;
    private final int chainId;
    private final long accountIndex;
    private final int apiKeyIndex;

    /**
     * @param chainId Lighter's chain id (304 on mainnet, 300 on testnet, per the SDKs)
     */
    public TxSigner(PrivateKey key, int chainId, long accountIndex, int apiKeyIndex) {
        check(accountIndex >= Limits.MIN_ACCOUNT_INDEX && accountIndex <= Limits.MAX_ACCOUNT_INDEX,
                "account index " + accountIndex + " is out of range");
        check(apiKeyIndex >= 0 && apiKeyIndex <= Limits.MAX_API_KEY_INDEX, "API key index " + apiKeyIndex + " is out of range");
        this.key = key;
        this.chainId = chainId;
        this.accountIndex = accountIndex;
        this.apiKeyIndex = apiKeyIndex;
    }

    public long accountIndex() {
        return accountIndex;
    }

    public int apiKeyIndex() {
        return apiKeyIndex;
    }

    public int chainId() {
        return chainId;
    }

    public PrivateKey key() {
        return key;
    }

    public SignedTx sign(TxBody body, long nonce, long expiredAtMillis) {
        return sign(body, nonce, expiredAtMillis, TxAttributes.NONE);
    }

    /** Validates, hashes and signs with a fresh random nonce. */
    public SignedTx sign(TxBody body, long nonce, long expiredAtMillis, TxAttributes attributes) {
        GfP5 message = messageHash(body, nonce, expiredAtMillis, attributes);
        return assemble(body, nonce, expiredAtMillis, attributes, message, key.sign(message));
    }

    /**
     * Signs a body that carries an L1 signature ({@link ChangePubKey}, {@link Transfer}): the owner's Ethereum key
     * signs the body's L1 text for this nonce, account, API key and chain, then the body is signed on L2.
     */
    public SignedTx sign(TxBody body, long nonce, long expiredAtMillis, TxAttributes attributes, EthKey owner) {
        return sign(withL1Signature(body, nonce, owner), nonce, expiredAtMillis, attributes);
    }

    /** The body with its L1 signature by {@code owner} filled in; a body without one is returned as is. */
    public TxBody withL1Signature(TxBody body, long nonce, EthKey owner) {
        if (!(body instanceof L1Signed l1)) {
            return body;
        }
        return l1.withL1Sig(owner.personalSign(l1.l1Message(nonce, accountIndex, apiKeyIndex, chainId)));
    }

    /** As {@link #sign} but with a caller-chosen Schnorr nonce: deterministic, for test vectors only. */
    public SignedTx signWithSchnorrNonce(TxBody body, long nonce, long expiredAtMillis, TxAttributes attributes,
            Scalar schnorrNonce) {
        GfP5 message = messageHash(body, nonce, expiredAtMillis, attributes);
        return assemble(body, nonce, expiredAtMillis, attributes, message, Schnorr.signWithNonce(message, key, schnorrNonce));
    }

    /** The GF(p^5) element that gets signed (validating the transaction first). */
    public GfP5 messageHash(TxBody body, long nonce, long expiredAtMillis, TxAttributes attributes) {
        return TxHash.of(chainId, accountIndex, apiKeyIndex, body, nonce, expiredAtMillis, attributes);
    }

    private SignedTx assemble(TxBody body, long nonce, long expiredAt, TxAttributes attributes, GfP5 message,
            Signature sig) {
        StringBuilder sb = new StringBuilder(320);
        sb.append("{\"").append(body.accountField()).append("\":").append(accountIndex).append(",\"ApiKeyIndex\":").append(apiKeyIndex).append(',');
        body.appendJson(sb);
        sb.append(",\"ExpiredAt\":").append(expiredAt)
                .append(",\"Nonce\":").append(nonce)
                .append(",\"Sig\":\"").append(Base64.getEncoder().encodeToString(sig.toBytes()))
                .append('"');
        body.appendJsonAfterSig(sb);
        sb.append(",\"L2TxAttributes\":");
        attributes.appendJson(sb);
        sb.append('}');
        return new SignedTx(body.txType(), sb.toString(), HEX.formatHex(message.toLittleEndianBytes()), sig);
    }

    /**
     * An auth token for Lighter's authenticated REST/WebSocket endpoints:
     * {@code "deadline:account:apiKeyIndex:signatureHex"}, deadline in epoch seconds. The first
     * three parts, as ASCII, are cut into 8-byte little-endian words (the last zero-padded), hashed
     * with Poseidon2 to GF(p^5) and signed.
     */
    public String authToken(long deadlineEpochSeconds) {
        return authToken(deadlineEpochSeconds, null);
    }

    /** Deterministic auth token for test vectors. */
    public String authTokenWithSchnorrNonce(long deadlineEpochSeconds, Scalar schnorrNonce) {
        return authToken(deadlineEpochSeconds, schnorrNonce);
    }

    private String authToken(long deadline, Scalar nonce) {
        String message = deadline + ":" + accountIndex + ":" + apiKeyIndex;
        GfP5 hash = Poseidon2.hashToQuinticExtension(asciiWords(message));
        Signature sig = nonce == null ? key.sign(hash) : Schnorr.signWithNonce(hash, key, nonce);
        return message + ":" + sig.toHex();
    }

    static long[] asciiWords(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        long[] words = new long[(bytes.length + 7) / 8];
        byte[] padded = new byte[words.length * 8];
        System.arraycopy(bytes, 0, padded, 0, bytes.length);
        for (int i = 0; i < words.length; i++) {
            words[i] = Gf.readLittleEndian(padded, 8 * i);
        }
        return words;
    }

    @Override
    public String toString() {
        return "TxSigner(chainId=" + chainId + ", account=" + accountIndex + ", apiKey=" + apiKeyIndex + ", key=" + key + ")";
    }
}
