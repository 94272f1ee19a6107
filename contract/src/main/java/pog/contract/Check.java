package pog.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One health check of a trader, measured when {@code /api/health} was asked.
 *
 * @param ok         the check passes; absent reads as failing, since a check that does not say it passes does not
 * @param detail     what was measured, for a person ("last iteration 212 ms ago")
 * @param observedAt when it was measured (epoch ms)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Check(boolean ok, String detail, Long observedAt) {
}
