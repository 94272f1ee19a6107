/** Starts traders outside PM's lifetime (own session, systemd unit) and stops them only when told to explicitly; never ties a trader to PM's process, pipes or terminal. */
package pog.pm.launch;
