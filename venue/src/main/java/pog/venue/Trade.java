package pog.venue;

import java.math.BigDecimal;

/** A public trade in a market (anyone's, not only this account's): what bars built from trades are made of. */
public record Trade(String symbol, BigDecimal price, BigDecimal size, Side aggressor, long time) {
}
