/**
 * Watches each trader: health reads paced so none goes longer than {@code monitor.intervalMs} unread, deaths from
 * the process notifications, and the restart that follows; never kills a trader that answers, never starts a second
 * copy.
 */
package pog.pm.health;
