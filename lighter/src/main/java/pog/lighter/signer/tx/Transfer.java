package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Moves {@code amount} of an asset (USDC is asset 3, in 1e-6 units) from the signer's account to another, between
 * the perps (0) and spot (1) routes, paying {@code usdcFee}. Carries the owner's L1 signature over "Transfer ...",
 * which alone covers the 32-byte {@code memo} and the chain id; the L2 hash covers neither the memo nor the L1
 * signature. Amounts are hashed as their low and high 32-bit halves.
 */
public record Transfer(long toAccountIndex, int assetIndex, int fromRouteType, int toRouteType, long amount,
        long usdcFee, byte[] memo, String l1Sig) implements TxBody, L1Signed {

    public static final int MEMO_BYTES = 32;

    public Transfer {
        memo = memo == null ? new byte[MEMO_BYTES] : memo.clone();
        l1Sig = l1Sig == null ? "" : l1Sig;
    }

    @Override
    public byte[] memo() {
        return memo.clone();
    }

    @Override
    public int txType() {
        return TxType.TRANSFER;
    }

    @Override
    public String accountField() {
        return "FromAccountIndex";
    }

    @Override
    public long[] hashElements() {
        return new long[] {toAccountIndex, assetIndex, fromRouteType, toRouteType, amount & 0xFFFF_FFFFL, amount >>> 32,
            usdcFee & 0xFFFF_FFFFL, usdcFee >>> 32};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"ToAccountIndex\":").append(toAccountIndex)
                .append(",\"AssetIndex\":").append(assetIndex)
                .append(",\"FromRouteType\":").append(fromRouteType)
                .append(",\"ToRouteType\":").append(toRouteType)
                .append(",\"Amount\":").append(amount)
                .append(",\"USDCFee\":").append(usdcFee)
                .append(",\"Memo\":[");
        for (int i = 0; i < memo.length; i++) {
            sb.append(i == 0 ? "" : ",").append(memo[i] & 0xFF);
        }
        sb.append(']');
    }

    @Override
    public void appendJsonAfterSig(StringBuilder sb) {
        sb.append(",\"L1Sig\":\"").append(l1Sig).append('"');
    }

    @Override
    public void validate(TxAttributes attributes) {
        check(toAccountIndex >= Limits.MIN_ACCOUNT_INDEX && toAccountIndex <= Limits.MAX_ACCOUNT_INDEX,
                "ToAccountIndex " + toAccountIndex + " is out of range");
        Limits.checkAsset(assetIndex);
        Limits.checkRoute("FromRouteType", fromRouteType);
        Limits.checkRoute("ToRouteType", toRouteType);
        check(amount > 0, "Amount must be positive");
        check(amount <= Limits.MAX_EXCHANGE_USDC, "Amount " + amount + " is too high");
        check(usdcFee >= 0, "USDCFee must not be negative");
        check(usdcFee <= Limits.MAX_EXCHANGE_USDC, "USDCFee " + usdcFee + " is too high");
        check(memo.length == MEMO_BYTES, "Memo must be " + MEMO_BYTES + " bytes, got " + memo.length);
        L1Signed.checkL1Sig(l1Sig);
    }

    @Override
    public String l1Message(long nonce, long accountIndex, int apiKeyIndex, int chainId) {
        return "Transfer\n\nnonce: " + L1Signed.hex64(nonce)
                + "\nfrom: " + L1Signed.hex64(accountIndex) + " (route " + L1Signed.hex64(fromRouteType) + ")"
                + "\napi key: " + L1Signed.hex64(apiKeyIndex)
                + "\nto: " + L1Signed.hex64(toAccountIndex) + " (route " + L1Signed.hex64(toRouteType) + ")"
                + "\nasset: " + L1Signed.hex64(assetIndex)
                + "\namount: " + L1Signed.hex64(amount)
                + "\nfee: " + L1Signed.hex64(usdcFee)
                + "\nchainId: " + L1Signed.hex64(Integer.toUnsignedLong(chainId))
                + "\nmemo: " + HexFormat.of().formatHex(memo)
                + "\nOnly sign this message for a trusted client!";
    }

    @Override
    public Transfer withL1Sig(String sig) {
        return new Transfer(toAccountIndex, assetIndex, fromRouteType, toRouteType, amount, usdcFee, memo, sig);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transfer t && t.toAccountIndex == toAccountIndex && t.assetIndex == assetIndex
                && t.fromRouteType == fromRouteType && t.toRouteType == toRouteType && t.amount == amount
                && t.usdcFee == usdcFee && Arrays.equals(t.memo, memo) && t.l1Sig.equals(l1Sig);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(toAccountIndex) * 31 + Long.hashCode(amount) * 17 + Arrays.hashCode(memo);
    }

    @Override
    public String toString() {
        return "Transfer[to=" + toAccountIndex + ", asset=" + assetIndex + ", routes=" + fromRouteType + "->" + toRouteType
                + ", amount=" + amount + ", usdcFee=" + usdcFee + ", l1Sig=" + (l1Sig.isEmpty() ? "none" : "set") + "]";
    }
}
