/**
 * Strategies in Java: jars in the strategies directory, the class named by {@code strategy.entryPoint} or the one
 * they declare as a {@code java.util.ServiceLoader} provider of {@link pog.trader.strategy.Strategy}. Same
 * contract, same engine: a jar strategy can size nothing and protect nothing itself.
 */
package pog.trader.strategy.jar;
