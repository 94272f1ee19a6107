/**
 * One Lighter account as a {@code pog.venue.Venue}: REST for state and signed transactions, one WebSocket for marks,
 * orders and trades, on the shared stream, retries and listener fan-out of {@code pog.venue} and
 * {@code pog.venue.net}, so this room holds only Lighter's words. Never logs or prints key material; never sends a
 * second order for one client id.
 */
package pog.lighter.client;
