/**
 * What every venue client shares on the network side: backoff with jitter, a token-bucket rate limiter, and the
 * sleeping seam tests replace. No venue's wire format lives here.
 */
package pog.venue.net;
