package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import pog.lighter.signer.field.GfP5;

/**
 * Registers an API key: puts the 40-byte Schnorr public key {@code pubKey} into the signer's API key slot. Signed
 * twice: the L2 signature by the new key itself (as Lighter's SDKs do) and the L1 signature by the account's
 * Ethereum owner over "Register Lighter Account ...". The public key is hashed as its five field elements.
 */
public record ChangePubKey(byte[] pubKey, String l1Sig) implements TxBody, L1Signed {

    public ChangePubKey {
        pubKey = pubKey == null ? new byte[0] : pubKey.clone();
        l1Sig = l1Sig == null ? "" : l1Sig;
    }

    public ChangePubKey(GfP5 publicKey) {
        this(publicKey.toLittleEndianBytes(), "");
    }

    @Override
    public byte[] pubKey() {
        return pubKey.clone();
    }

    public String pubKeyHex() {
        return HexFormat.of().formatHex(pubKey);
    }

    @Override
    public int txType() {
        return TxType.CHANGE_PUB_KEY;
    }

    @Override
    public long[] hashElements() {
        GfP5 pk = GfP5.fromCanonicalLittleEndianBytes(pubKey);
        return new long[] {pk.a0, pk.a1, pk.a2, pk.a3, pk.a4};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"PubKey\":\"").append(Base64.getEncoder().encodeToString(pubKey))
                .append("\",\"L1Sig\":\"").append(l1Sig).append('"');
    }

    @Override
    public void validate(TxAttributes attributes) {
        check(pubKey.length == GfP5.BYTES, "PubKey must be " + GfP5.BYTES + " bytes, got " + pubKey.length);
        try {
            GfP5.fromCanonicalLittleEndianBytes(pubKey);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PubKey is not a public key (a limb is not below the field prime)");
        }
        L1Signed.checkL1Sig(l1Sig);
    }

    @Override
    public String l1Message(long nonce, long accountIndex, int apiKeyIndex, int chainId) {
        return "Register Lighter Account\n\npubkey: 0x" + pubKeyHex()
                + "\nnonce: " + L1Signed.hex64(nonce)
                + "\naccount index: " + L1Signed.hex64(accountIndex)
                + "\napi key index: " + L1Signed.hex64(apiKeyIndex)
                + "\nOnly sign this message for a trusted client!";
    }

    @Override
    public ChangePubKey withL1Sig(String sig) {
        return new ChangePubKey(pubKey, sig);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangePubKey c && Arrays.equals(c.pubKey, pubKey) && c.l1Sig.equals(l1Sig);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(pubKey) + l1Sig.hashCode();
    }

    @Override
    public String toString() {
        return "ChangePubKey[pubKey=" + pubKeyHex() + ", l1Sig=" + (l1Sig.isEmpty() ? "none" : "set") + "]";
    }
}
