/**
 * {@code pog watchdog}: brings PM back when nothing answers on its port. It starts PM only when the port is free and
 * no live process holds PM's data-directory lock, so it never starts a second copy; it never stops PM or a trader.
 */
package pog.app.watchdog;
