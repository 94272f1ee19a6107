/**
 * Explicit, audited control of traders (start, stop, restart, stop-all); the only place PM ever stops a trader, and
 * it signals a process only as the explicit stop's fallback. It reports what happened as outcomes
 * ({@link pog.pm.control.StartOutcome}, {@link pog.pm.control.StopOutcome}); turning them into HTTP answers is the
 * API's job, never this package's.
 */
package pog.pm.control;
