/** Explicit, audited control of traders (start, stop, restart, stop-all); the only place PM ever stops a trader, and it signals a process only as the explicit stop's fallback. */
package pog.pm.control;
