package pog.trader.strategy;

/**
 * What a strategy wants held in a symbol. NONE: no opinion (warming up, or no clear trend; keep what is held).
 * FLAT: hold nothing (close what is held, open nothing).
 */
public enum Signal {
    LONG, SHORT, FLAT, NONE
}
