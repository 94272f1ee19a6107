package pog.lighter.signer.tx;

import static pog.lighter.signer.tx.Limits.check;

/**
 * Withdraws {@code amount} of an asset (USDC is asset 3, 1e-6 units) from the perps (0) or spot (1) route to the
 * account's L1 address. The amount is hashed as its low and high 32-bit halves.
 */
public record Withdraw(int assetIndex, int routeType, long amount) implements TxBody {

    @Override
    public int txType() {
        return TxType.WITHDRAW;
    }

    @Override
    public String accountField() {
        return "FromAccountIndex";
    }

    @Override
    public long[] hashElements() {
        return new long[] {assetIndex, routeType, amount & 0xFFFF_FFFFL, amount >>> 32};
    }

    @Override
    public void appendJson(StringBuilder sb) {
        sb.append("\"AssetIndex\":").append(assetIndex)
                .append(",\"RouteType\":").append(routeType)
                .append(",\"Amount\":").append(amount);
    }

    @Override
    public void validate(TxAttributes attributes) {
        Limits.checkAsset(assetIndex);
        Limits.checkRoute("RouteType", routeType);
        check(amount != 0, "Amount must not be 0");
        check(Long.compareUnsigned(amount, Limits.MAX_EXCHANGE_USDC) <= 0, "Amount " + Long.toUnsignedString(amount)
                + " is too high");
    }
}
