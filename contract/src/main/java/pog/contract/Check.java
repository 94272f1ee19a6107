package pog.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One health check of a trader, measured when {@code /api/health} was asked. Besides {@code ok} and the
 * {@code detail} a person reads, some checks carry numbers a watcher can judge by itself (absent when they do not
 * apply, and from traders older than them).
 *
 * @param ok          the check passes; absent reads as failing, since a check that does not say it passes does not
 * @param detail      what was measured, for a person ("last iteration 212 ms ago")
 * @param observedAt  when it was measured (epoch ms)
 * @param ageMs       {@code loop}: time since the decision thread last finished processing
 * @param latencyMs   {@code venue}: the latest venue call's latency
 * @param errorRate   {@code venue}: failed calls over the last minute, 0..1
 * @param streamAgeMs {@code venue}: per push stream (marks, orders, fills), the time since its last message
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Check(boolean ok, String detail, Long observedAt, Long ageMs, Long latencyMs, Double errorRate,
                    Map<String, Long> streamAgeMs) {
    public Check(boolean ok, String detail, Long observedAt) {
        this(ok, detail, observedAt, null, null, null, null);
    }
}
