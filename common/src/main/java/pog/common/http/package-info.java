/**
 * The HTTP front of every PoG service: routes, the control-token check, JSON errors, SSE streams, and the bounds
 * that keep a hostile or careless client from starving it (docs/http.md). It must never log a request body or an
 * {@code Authorization} header, never answer with library text or a stack trace, and never hold a thread for a
 * client that is only slow or idle.
 */
package pog.common.http;
