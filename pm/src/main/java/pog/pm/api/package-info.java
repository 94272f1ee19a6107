/** PM's HTTP API, SSE stream and Prometheus metrics; reads state and forwards explicit, token-guarded actions, never acts on a trader by itself. */
package pog.pm.api;
