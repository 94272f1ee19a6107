/**
 * The simulator front: what every simulated venue serves the same way, so that each venue's simulator module keeps
 * only its protocol. One Javalin port for HTTP and WebSocket, fault admission, the loopback-only admin routes, the
 * WebSocket connection registry (register on first message, per-connection queue, slow consumers dropped) and the
 * provider seam through which {@code pog exchange-sim} starts a simulator.
 *
 * <p>It must never know a venue by name, speak a venue's wire format, or hold exchange state (that is {@code pog.sim}).
 */
package pog.simfront;
