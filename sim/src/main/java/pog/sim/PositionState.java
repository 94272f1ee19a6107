package pog.sim;

import java.math.BigDecimal;
import java.math.RoundingMode;
import pog.venue.Side;

/** A position's size (signed: positive long) and its size-weighted average entry price. */
record PositionState(BigDecimal size, BigDecimal entryPrice) {
    static final PositionState FLAT = new PositionState(BigDecimal.ZERO, BigDecimal.ZERO);

    boolean isFlat() {
        return size.signum() == 0;
    }

    /** The position after a fill and the PnL realized on the part of the fill that reduced it. */
    Trade apply(Side side, BigDecimal qty, BigDecimal price) {
        BigDecimal delta = side == Side.BUY ? qty : qty.negate();
        BigDecimal after = size.add(delta);
        if (isFlat() || size.signum() == delta.signum()) {
            BigDecimal notional = size.abs().multiply(entryPrice).add(qty.multiply(price));
            BigDecimal entry = notional.divide(after.abs(), Money.ENTRY_SCALE, RoundingMode.HALF_EVEN);
            return new Trade(new PositionState(after, Money.clean(entry)), BigDecimal.ZERO.setScale(Money.SCALE));
        }
        BigDecimal closed = qty.min(size.abs());
        BigDecimal realized = Money.of(closed.multiply(price.subtract(entryPrice)).multiply(BigDecimal.valueOf(size.signum())));
        if (after.signum() == 0) {
            return new Trade(FLAT, realized);
        }
        if (after.signum() == size.signum()) {
            return new Trade(new PositionState(after, entryPrice), realized);
        }
        // Reversed through zero: the new position's entry is this fill's price.
        return new Trade(new PositionState(after, price), realized);
    }

    BigDecimal unrealizedPnl(BigDecimal mark) {
        return Money.of(size.multiply(mark.subtract(entryPrice)));
    }

    /** Whether a trade to {@code after} leaves the position no larger and on the same side (or flat). */
    boolean reducedBy(PositionState after) {
        return after.isFlat() || (after.size.signum() == size.signum() && after.size.abs().compareTo(size.abs()) <= 0);
    }

    record Trade(PositionState after, BigDecimal realizedPnl) {
    }
}
