/**
 * One Lighter account as a {@code pog.venue.Venue}: REST for state and signed transactions, one WebSocket for marks,
 * orders and trades. Never logs or prints key material; never sends a second order for one client id.
 */
package pog.lighter.client;
