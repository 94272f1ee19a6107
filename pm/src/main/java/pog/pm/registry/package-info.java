/** What PM knows about each configured trader right now (state, pid, instance, intent); holds facts, never acts on a process. */
package pog.pm.registry;
