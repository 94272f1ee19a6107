/**
 * What every venue client shares on the network side: the {@link pog.venue.net.Transport} settings, the REST
 * retry plumbing ({@link pog.venue.net.RestCalls}), one reconnecting WebSocket with per-venue
 * {@link pog.venue.net.ReconnectingSocket.Dialect}s, backoff with jitter, a token-bucket rate limiter, and the
 * sleeping seam tests replace. It must never hold a venue's wire format, sign anything, or resend a write whose
 * outcome is unknown.
 */
package pog.venue.net;
