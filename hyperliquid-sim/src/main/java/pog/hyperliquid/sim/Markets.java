package pog.hyperliquid.sim;

import pog.hyperliquid.wire.WireFormat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The perp universe: asset id (index in meta) to coin and back, and Hyperliquid's price and size rules. */
final class Markets {
    private final List<HyperliquidSimConfig.Coin> coins;
    private final Map<String, Integer> assetOf = new HashMap<>();

    Markets(List<HyperliquidSimConfig.Coin> coins) {
        this.coins = List.copyOf(coins);
        for (int i = 0; i < coins.size(); i++) {
            assetOf.put(coins.get(i).name(), i);
        }
    }

    List<HyperliquidSimConfig.Coin> coins() {
        return coins;
    }

    /** The coin of an asset id, or null for an id the universe does not have (spot ids start at 10000). */
    HyperliquidSimConfig.Coin byAsset(int asset) {
        return asset >= 0 && asset < coins.size() ? coins.get(asset) : null;
    }

    HyperliquidSimConfig.Coin byName(String coin) {
        Integer asset = assetOf.get(coin);
        return asset == null ? null : coins.get(asset);
    }

    int asset(String coin) {
        Integer asset = assetOf.get(coin);
        if (asset == null) {
            throw new IllegalArgumentException("unknown coin " + coin);
        }
        return asset;
    }

    static boolean validPrice(BigDecimal px, HyperliquidSimConfig.Coin coin) {
        return px.signum() > 0 && WireFormat.isValidPerpPrice(px, coin.szDecimals());
    }

    static boolean validSize(BigDecimal sz, HyperliquidSimConfig.Coin coin) {
        return sz.signum() > 0 && sz.stripTrailingZeros().scale() <= coin.szDecimals();
    }

    /** One step of the 5th significant figure at {@code px}, never finer than the coin's decimals allow. */
    static BigDecimal priceStep(BigDecimal px, HyperliquidSimConfig.Coin coin) {
        int exponent = px.precision() - px.scale() - 1;
        int decimals = Math.max(0, Math.min(WireFormat.PERP_MAX_DECIMALS - coin.szDecimals(),
                WireFormat.MAX_SIGNIFICANT_FIGURES - 1 - exponent));
        return BigDecimal.ONE.movePointLeft(decimals);
    }

    /** The best bid and ask of the synthetic book around a mark: valid prices one step apart, bid at or below. */
    static BigDecimal[] bbo(BigDecimal mark, HyperliquidSimConfig.Coin coin) {
        BigDecimal bid = WireFormat.roundPerpPrice(mark, coin.szDecimals(), RoundingMode.FLOOR);
        if (bid.compareTo(mark) == 0) {
            bid = bid.subtract(priceStep(bid, coin));
        }
        BigDecimal ask = WireFormat.roundPerpPrice(mark, coin.szDecimals(), RoundingMode.CEILING);
        if (ask.compareTo(mark) == 0) {
            ask = ask.add(priceStep(ask, coin));
        }
        return new BigDecimal[]{bid, ask};
    }
}
