package pog.trader.engine;

/** One health check as /api/health shows it. */
public record Check(boolean ok, String detail, long observedAt) {
}
