/** Prometheus text exposition for every service's {@code GET /metrics}. */
package pog.common.metrics;
