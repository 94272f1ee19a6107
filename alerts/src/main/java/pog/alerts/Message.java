package pog.alerts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a channel sends: one alert, its raise, an update carrying a count, its resolve, or a test. Rendered the same
 * way everywhere so a person reads the same four parts on every service.
 *
 * @param kind     raise | update | resolve | test
 * @param count    how many times the condition was seen in this incident
 */
public record Message(String alertId, String kind, long time, Severity severity, String source, String title,
                      String happened, String action, String link, int count, String origin) {

    /** The first line: severity (or RESOLVED) and the title, e.g. {@code [CRITICAL] trader-hl is DOWN}. */
    public String headline() {
        String tag = switch (kind) {
            case "resolve" -> "RESOLVED";
            case "test" -> "TEST";
            default -> severity.name();
        };
        return "[" + tag + "] " + title + (count > 1 && !"resolve".equals(kind) ? " (x" + count + ")" : "");
    }

    /** The body without the headline: what happened, what PoG did, the link, and where it came from. */
    public String body() {
        StringBuilder b = new StringBuilder();
        b.append("What happened: ").append(happened == null || happened.isBlank() ? "-" : happened).append('\n');
        b.append("What PoG did: ").append(action == null || action.isBlank() ? "-" : action).append('\n');
        if (link != null && !link.isBlank()) {
            b.append("Dashboard: ").append(link).append('\n');
        }
        b.append("(").append(origin).append(" · source ").append(source).append(" · ")
                .append(Instant.ofEpochMilli(time).truncatedTo(ChronoUnit.SECONDS)).append(" · alert ")
                .append(alertId).append(')');
        return b.toString();
    }

    public String text() {
        return headline() + "\n" + body();
    }

    /** The state the alert is in after this message, as the webhook payload names it. */
    public String state() {
        return "resolve".equals(kind) ? "resolved" : "open";
    }
}
