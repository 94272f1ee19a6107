package pog.sim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.Function;

/**
 * Margin arithmetic, cross and isolated. Cross: equity = cash not allocated to isolated positions + the cross
 * positions' unrealized PnL; initial margin = |size| * mark / leverage; maintenance = |size| * mark *
 * maintenanceFraction / maxLeverage; available = cross equity - cross initial margin. An isolated position stands on
 * its own allocation: its equity is allocation + its unrealized PnL, against its own maintenance. The account's
 * equity is balance + every unrealized PnL; its margin used is the cross initial margin plus the allocations.
 */
final class Margin {
    private final SimConfig config;

    Margin(SimConfig config) {
        this.config = config;
    }

    record Metrics(BigDecimal equity, BigDecimal marginUsed, BigDecimal maintenance, BigDecimal available,
                   BigDecimal crossEquity, BigDecimal crossMarginUsed, BigDecimal crossMaintenance) {
    }

    int leverage(AccountState account, String symbol) {
        Integer chosen = account.leverage.get(symbol);
        return chosen != null ? chosen : defaultLeverage(symbol);
    }

    int defaultLeverage(String symbol) {
        return Math.min(config.defaultLeverage(), config.symbol(symbol).maxLeverage());
    }

    Metrics metrics(AccountState account, Function<String, BigDecimal> markOf) {
        return metrics(account.balance, account.positions, symbol -> leverage(account, symbol), markOf,
                account.isolated);
    }

    Metrics metrics(BigDecimal balance, Map<String, PositionState> positions, Function<String, Integer> leverageOf,
                    Function<String, BigDecimal> markOf, Map<String, BigDecimal> isolated) {
        BigDecimal equity = balance;
        BigDecimal allocated = BigDecimal.ZERO;
        for (BigDecimal m : isolated.values()) {
            allocated = allocated.add(m);
        }
        BigDecimal crossEquity = balance.subtract(allocated);
        BigDecimal crossUsed = BigDecimal.ZERO;
        BigDecimal crossMaintenance = BigDecimal.ZERO;
        BigDecimal maintenance = BigDecimal.ZERO;
        for (Map.Entry<String, PositionState> e : positions.entrySet()) {
            String symbol = e.getKey();
            PositionState p = e.getValue();
            BigDecimal mark = markOf.apply(symbol);
            BigDecimal pnl = p.unrealizedPnl(mark);
            BigDecimal maint = maintenance(symbol, p, mark);
            equity = equity.add(pnl);
            maintenance = maintenance.add(maint);
            if (!isolated.containsKey(symbol)) {
                crossEquity = crossEquity.add(pnl);
                crossUsed = crossUsed.add(initialMargin(p, mark, leverageOf.apply(symbol)));
                crossMaintenance = crossMaintenance.add(maint);
            }
        }
        return new Metrics(Money.of(equity), Money.of(crossUsed.add(allocated)), Money.of(maintenance),
                Money.of(crossEquity.subtract(crossUsed)), Money.of(crossEquity), Money.of(crossUsed),
                Money.of(crossMaintenance));
    }

    /**
     * The allocation of an isolated position after a trade took it from {@code before} to {@code after} at
     * {@code price}: growing adds the new part's initial margin at {@code leverage}; shrinking releases the closed
     * share; a reversal starts over at the new size's initial margin; flat releases everything.
     */
    static BigDecimal isolatedAfter(BigDecimal allocation, PositionState before, PositionState after, BigDecimal price,
                                    int leverage) {
        if (after.isFlat()) {
            return BigDecimal.ZERO;
        }
        BigDecimal lev = BigDecimal.valueOf(leverage);
        if (before.isFlat() || before.size().signum() != after.size().signum()) {
            return Money.of(after.size().abs().multiply(price).divide(lev, Money.SCALE, RoundingMode.HALF_UP));
        }
        BigDecimal b = before.size().abs();
        BigDecimal a = after.size().abs();
        if (a.compareTo(b) <= 0) {
            return Money.of(allocation.multiply(a).divide(b, Money.SCALE, RoundingMode.HALF_UP));
        }
        return Money.of(allocation.add(a.subtract(b).multiply(price).divide(lev, Money.SCALE, RoundingMode.HALF_UP)));
    }

    static BigDecimal initialMargin(PositionState p, BigDecimal mark, int leverage) {
        return p.size().abs().multiply(mark).divide(BigDecimal.valueOf(leverage), Money.SCALE, RoundingMode.HALF_UP);
    }

    BigDecimal maintenance(String symbol, PositionState p, BigDecimal mark) {
        return Money.of(p.size().abs().multiply(mark).multiply(maintenanceRate(symbol)));
    }

    BigDecimal maintenanceRate(String symbol) {
        return config.maintenanceFraction().divide(BigDecimal.valueOf(config.symbol(symbol).maxLeverage()),
                MathContext.DECIMAL64);
    }

    /**
     * The mark of {@code symbol} at which the position would be liquidated, other marks unchanged: for a cross
     * position where the cross equity meets the cross maintenance, for an isolated one where its allocation plus
     * its unrealized PnL meets its own maintenance. Null when no positive price gets there.
     */
    BigDecimal liquidationPrice(AccountState account, String symbol, Function<String, BigDecimal> markOf) {
        PositionState p = account.position(symbol);
        if (p.isFlat()) {
            return null;
        }
        BigDecimal rate = maintenanceRate(symbol);
        BigDecimal denominator = p.size().subtract(p.size().abs().multiply(rate));
        BigDecimal numerator;
        BigDecimal allocation = account.isolated.get(symbol);
        if (allocation != null) {
            // allocation + size * (P - entry) = |size| * P * rate
            numerator = p.size().multiply(p.entryPrice()).subtract(allocation);
        } else {
            Metrics m = metrics(account, markOf);
            BigDecimal mark = markOf.apply(symbol);
            BigDecimal otherMaintenance = m.crossMaintenance().subtract(maintenance(symbol, p, mark));
            // crossEquity(P) = crossEquity + size * (P - mark) and maintenance(P) = other + |size| * P * rate
            numerator = otherMaintenance.subtract(m.crossEquity()).add(p.size().multiply(mark));
        }
        BigDecimal price = numerator.divide(denominator, MathContext.DECIMAL64);
        if (price.signum() <= 0) {
            return null;
        }
        BigDecimal tick = config.symbol(symbol).tickSize();
        return price.divide(tick, 0, RoundingMode.HALF_EVEN).multiply(tick);
    }
}
