/**
 * PM's alert source: it turns the service states and audit events PM already measures into conditions for the shared
 * notifier (DOWN, crash loop, FAILED, CONFLICT, a position without its stop, a venue or stream down, a risk halt, and
 * control actions). It only listens: it never changes a service, and a failure here never reaches the monitor.
 */
package pog.pm.alerts;
