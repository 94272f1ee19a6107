/**
 * Strategies in any language: a child process speaking newline-delimited JSON over stdin/stdout (protocol v1,
 * docs/strategies.md). A child that crashes, hangs or talks nonsense is restarted with backoff; while it is down it
 * decides nothing, so nothing new opens, and it never reaches protection.
 */
package pog.trader.strategy.process;
