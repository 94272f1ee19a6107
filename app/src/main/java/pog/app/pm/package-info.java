/** The PM subcommands of {@code pog} (pm, status, stop-all, start, stop, restart); they talk to PM over HTTP and, when PM is down, to the traders directly, and never stop a trader unless told to. */
package pog.app.pm;
