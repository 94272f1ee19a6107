package pog.pm.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The response of stop-all: one result per trader, whether every trader PM may stop is confirmed gone, and in total
 * whether what they left behind is CLEAN ({@code clean} true: each stopped trader reported itself flat or every
 * position with its stop resting) with a one-line {@code summary} naming whatever is not.
 */
public record StopAllReport(boolean allStopped, boolean flatten, List<StopResult> results, boolean clean,
                            String summary) {
    public static StopAllReport of(boolean allStopped, boolean flatten, List<StopResult> results) {
        List<String> dirty = new ArrayList<>();
        int stopped = 0;
        for (StopResult r : results) {
            if (r.clean() != null) {
                stopped++;
                if (!r.clean()) {
                    dirty.add(r.id() + ": " + r.leftBehind());
                }
            } else if (r.outcome() == StopOutcome.FAILED) {
                dirty.add(r.id() + ": stop failed: " + r.detail());
            }
        }
        boolean clean = dirty.isEmpty();
        String summary = clean
                ? "CLEAN: " + stopped + " trader(s) stopped, " + (flatten ? "all flat" : "each flat or with every position's stop resting")
                : "NOT CLEAN: " + String.join("; ", dirty);
        return new StopAllReport(allStopped, flatten, results, clean, summary);
    }
}
