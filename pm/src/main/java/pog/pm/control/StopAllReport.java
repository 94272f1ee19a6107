package pog.pm.control;

import java.util.List;

/** The response of stop-all: one result per trader, and whether every trader PM may stop is confirmed gone. */
public record StopAllReport(boolean allStopped, boolean flatten, List<StopResult> results) {
}
