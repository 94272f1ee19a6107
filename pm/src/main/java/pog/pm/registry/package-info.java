/**
 * The facts about each configured trader, in one place: its entry (state, pid, instance, intent), its state machine
 * ({@link pog.pm.registry.ServiceHealth}), its restart history ({@link pog.pm.registry.RestartPlanner}), what an
 * exit code means ({@link pog.pm.registry.TraderExit}) and the one way a change is published
 * ({@link pog.pm.registry.StateChanges}). It sits below every package that acts (adopt, health, control, api) and
 * imports none of them; it holds and judges facts, and never acts on a process.
 */
package pog.pm.registry;
