package pog.hyperliquid.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import pog.sim.Liquidity;
import pog.venue.Side;

/**
 * The simulator's order book: synthetic market makers quoting {@link #LEVELS} valid price levels a side around the
 * mark, one 5th-significant-figure step apart (the finest grid the venue accepts there), each level worth about
 * {@code 25,000 × (depth + 1)} USDC (≈ 5.25M USDC a side in all), rounded down to the coin's size decimals.
 *
 * <p>It is what {@code l2Book} shows and what takers walk ({@link pog.sim.Exchange#useLiquidity}): an IOC for many
 * times the best level's size fills at several prices, each on the tick grid, at an average worse than the best
 * level. The makers requote from the mark on every request, so liquidity one order took is back for the next: the
 * book has depth but no memory. Users' own resting orders are not shown in it.
 */
final class SyntheticBook implements Liquidity {
    static final int LEVELS = 20;
    private static final long USD_PER_LEVEL = 25_000L;

    private final Markets markets;

    SyntheticBook(Markets markets) {
        this.markets = markets;
    }

    @Override
    public List<Level> levels(String symbol, Side takerSide, BigDecimal mark) {
        HyperliquidSimConfig.Coin coin = markets.byName(symbol);
        if (coin == null || mark == null) {
            return List.of();
        }
        return takerSide == Side.BUY ? asks(coin, mark) : bids(coin, mark);
    }

    @Override
    public Level best(String symbol, Side takerSide, BigDecimal mark) {
        HyperliquidSimConfig.Coin coin = markets.byName(symbol);
        if (coin == null || mark == null) {
            return null;
        }
        BigDecimal px = Markets.bbo(mark, coin)[takerSide == Side.BUY ? 1 : 0];
        return px.signum() > 0 ? new Level(px, size(px, 0, coin)) : null;
    }

    /** The bids, best (highest) first; fewer than {@link #LEVELS} only when prices would reach zero. */
    static List<Level> bids(HyperliquidSimConfig.Coin coin, BigDecimal mark) {
        List<Level> out = new ArrayList<>(LEVELS);
        BigDecimal px = Markets.bbo(mark, coin)[0];
        for (int i = 0; i < LEVELS && px.signum() > 0; i++) {
            out.add(new Level(px, size(px, i, coin)));
            px = px.subtract(Markets.priceStep(px, coin));
        }
        return out;
    }

    /** The asks, best (lowest) first. */
    static List<Level> asks(HyperliquidSimConfig.Coin coin, BigDecimal mark) {
        List<Level> out = new ArrayList<>(LEVELS);
        BigDecimal px = Markets.bbo(mark, coin)[1];
        for (int i = 0; i < LEVELS; i++) {
            out.add(new Level(px, size(px, i, coin)));
            px = px.add(Markets.priceStep(px, coin));
        }
        return out;
    }

    /** How many orders make up a level ({@code n} in l2Book): a deterministic 1-3. */
    static int orderCount(int depth) {
        return 1 + depth % 3;
    }

    private static BigDecimal size(BigDecimal px, int depth, HyperliquidSimConfig.Coin coin) {
        BigDecimal usd = BigDecimal.valueOf(USD_PER_LEVEL * (depth + 1));
        BigDecimal sz = usd.divide(px, coin.szDecimals(), RoundingMode.DOWN);
        return sz.signum() == 0 ? BigDecimal.ONE.movePointLeft(coin.szDecimals()) : sz;
    }
}
