package pog.trader.strategy;

/** What a strategy wants held in a symbol. NONE: no opinion yet (warming up, or no clear trend). */
public enum Signal {
    LONG, SHORT, NONE
}
