/**
 * The one interface a trader uses to talk to a venue, and its model (orders, fills, positions, money).
 * Everything here is venue-neutral: no wire format, no signing. Money, prices and sizes are {@code BigDecimal}.
 */
package pog.venue;
