package pog.sim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.function.Function;

/**
 * Cross-margin arithmetic: equity = balance + unrealized PnL; initial margin = |size| * mark / leverage;
 * maintenance = |size| * mark * maintenanceFraction / maxLeverage; available = equity - initial margin.
 */
final class Margin {
    private final SimConfig config;

    Margin(SimConfig config) {
        this.config = config;
    }

    record Metrics(BigDecimal equity, BigDecimal marginUsed, BigDecimal maintenance) {
        BigDecimal available() {
            return equity.subtract(marginUsed);
        }
    }

    int leverage(AccountState account, String symbol) {
        Integer chosen = account.leverage.get(symbol);
        return chosen != null ? chosen : defaultLeverage(symbol);
    }

    int defaultLeverage(String symbol) {
        return Math.min(config.defaultLeverage(), config.symbol(symbol).maxLeverage());
    }

    Metrics metrics(AccountState account, Function<String, BigDecimal> markOf) {
        return metrics(account.balance, account.positions, symbol -> leverage(account, symbol), markOf);
    }

    Metrics metrics(BigDecimal balance, Map<String, PositionState> positions, Function<String, Integer> leverageOf,
                    Function<String, BigDecimal> markOf) {
        BigDecimal equity = balance;
        BigDecimal used = BigDecimal.ZERO;
        BigDecimal maintenance = BigDecimal.ZERO;
        for (Map.Entry<String, PositionState> e : positions.entrySet()) {
            String symbol = e.getKey();
            PositionState p = e.getValue();
            BigDecimal mark = markOf.apply(symbol);
            equity = equity.add(p.unrealizedPnl(mark));
            used = used.add(initialMargin(p, mark, leverageOf.apply(symbol)));
            maintenance = maintenance.add(maintenance(symbol, p, mark));
        }
        return new Metrics(Money.of(equity), Money.of(used), Money.of(maintenance));
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
     * The mark of {@code symbol} at which the account's equity would fall to its maintenance margin, other marks
     * unchanged; null when no positive price gets there (for example a long backed by enough collateral).
     */
    BigDecimal liquidationPrice(AccountState account, String symbol, Function<String, BigDecimal> markOf) {
        PositionState p = account.position(symbol);
        if (p.isFlat()) {
            return null;
        }
        Metrics m = metrics(account, markOf);
        BigDecimal mark = markOf.apply(symbol);
        BigDecimal otherMaintenance = m.maintenance().subtract(maintenance(symbol, p, mark));
        // equity(P) = equity + size * (P - mark) and maintenance(P) = other + |size| * P * rate; solve equal.
        BigDecimal numerator = otherMaintenance.subtract(m.equity()).add(p.size().multiply(mark));
        BigDecimal denominator = p.size().subtract(p.size().abs().multiply(maintenanceRate(symbol)));
        BigDecimal price = numerator.divide(denominator, MathContext.DECIMAL64);
        if (price.signum() <= 0) {
            return null;
        }
        BigDecimal tick = config.symbol(symbol).tickSize();
        return price.divide(tick, 0, RoundingMode.HALF_EVEN).multiply(tick);
    }
}
