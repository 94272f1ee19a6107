/**
 * Trading decisions, contract v2 (v1 still spoken; docs/strategies.md): {@link pog.trader.strategy.StrategyEvent events} in,
 * {@link pog.trader.strategy.Intent intents} out. No venue access and no clock of their own; a strategy can never
 * size past the risk limits or touch protection: the engine does both.
 */
package pog.trader.strategy;
