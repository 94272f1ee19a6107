/**
 * The one interface a trader uses to talk to a venue, and its model (orders, fills, positions, money), with the
 * pieces every venue client shares above the wire (listener fan-out, slippage). Everything here is venue-neutral: it
 * must never hold a wire format or signing, nor name a venue. Money, prices and sizes are {@code BigDecimal}.
 */
package pog.venue;
