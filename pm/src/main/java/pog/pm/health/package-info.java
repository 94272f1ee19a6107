/** Measures each trader's health on a clock and decides restarts (backoff, crash loop); never kills a trader that answers, never starts a second copy. */
package pog.pm.health;
