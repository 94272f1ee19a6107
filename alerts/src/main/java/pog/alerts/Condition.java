package pog.alerts;

/**
 * Something a watcher saw that may need a person. {@code key} identifies the condition (e.g. {@code trader-hl:down}):
 * raising it again while it is open folds into the same alert with a higher count.
 *
 * @param holdMs    the condition must last this long before it becomes an alert (0: at once)
 * @param escalates a raise of an already open alert that is news of its own (a crash loop after DOWN): sent once
 *                  per incident as an update carrying the count
 */
public record Condition(String key, String source, Severity severity, String title, String happened, String action,
                        long holdMs, boolean escalates) {
    public static Condition of(String key, String source, Severity severity, String title, String happened,
                               String action) {
        return new Condition(key, source, severity, title, happened, action, 0, false);
    }

    public Condition held(long ms) {
        return new Condition(key, source, severity, title, happened, action, ms, escalates);
    }

    public Condition escalating() {
        return new Condition(key, source, severity, title, happened, action, holdMs, true);
    }
}
