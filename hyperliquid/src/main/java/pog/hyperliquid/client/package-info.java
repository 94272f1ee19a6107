/**
 * The Hyperliquid venue: {@link pog.hyperliquid.client.HyperliquidVenue} speaks Hyperliquid's REST ({@code /info},
 * {@code /exchange}) and WebSocket ({@code /ws}) protocol, signing with {@code pog.hyperliquid.signing} and formatting
 * with {@code pog.hyperliquid.wire}; the reconnecting stream, retries and listener fan-out are the shared ones of
 * {@code pog.venue} and {@code pog.venue.net}, so this room holds only Hyperliquid's words.
 *
 * <p>It must never send an order twice for one client id (a placement is checked by cloid before it is sent and
 * after any answer that did not come), never exceed Hyperliquid's request weights, and never let key material reach
 * a log line, an exception message or a request it did not sign.
 */
package pog.hyperliquid.client;
