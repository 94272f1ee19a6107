package pog.venue;

/** How an order executes. Trigger types rest until the mark crosses their trigger price, then execute at market. */
public enum OrderType {
    /** Rests on the book until filled or cancelled. */
    LIMIT_GTC,
    /** Fills what it can immediately at its limit, the rest is cancelled. */
    LIMIT_IOC,
    /** Rests on the book; rejected if it would fill immediately. */
    LIMIT_POST_ONLY,
    /** Fills immediately at the best available price (IOC without a limit). */
    MARKET,
    /** Stop-loss: fires at market when the mark crosses the trigger against the position. */
    STOP_MARKET,
    /** Take-profit: fires at market when the mark crosses the trigger in favour of the position. */
    TAKE_PROFIT_MARKET;

    public boolean isTrigger() {
        return this == STOP_MARKET || this == TAKE_PROFIT_MARKET;
    }
}
