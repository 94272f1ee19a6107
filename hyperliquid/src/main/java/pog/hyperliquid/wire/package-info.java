/**
 * Hyperliquid wire formats: decimal-to-wire strings, price and size rules, order/cancel/modify action JSON with the
 * exact key order the signature covers. Never reorders keys and never sends a value the venue would round.
 */
package pog.hyperliquid.wire;
