package pog.trader.engine;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One health check as /api/health shows it. Besides {@code ok} and the {@code detail} a person reads, some checks
 * carry numbers a watcher can judge by itself (absent when they do not apply):
 *
 * @param ageMs        {@code loop}: time since the decision thread last finished processing
 * @param latencyMs    {@code venue}: the latest venue call's latency
 * @param errorRate    {@code venue}: failed calls over the last minute, 0..1
 * @param streamAgeMs  {@code venue}: per push stream (marks, orders, fills), the time since its last message
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Check(boolean ok, String detail, long observedAt, Long ageMs, Long latencyMs, Double errorRate,
                    Map<String, Long> streamAgeMs) {
    public Check(boolean ok, String detail, long observedAt) {
        this(ok, detail, observedAt, null, null, null, null);
    }
}
