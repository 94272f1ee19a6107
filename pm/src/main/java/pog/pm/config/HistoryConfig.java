package pog.pm.config;

/**
 * Equity history: a sample every {@code sampleIntervalMs}; full resolution for {@code rawRetentionHours}, then one
 * sample a minute up to {@code minuteRetentionDays}, then one an hour up to {@code retentionDays}, then deleted.
 */
public record HistoryConfig(Long sampleIntervalMs, Integer rawRetentionHours, Integer minuteRetentionDays,
                            Integer retentionDays) {
    public static final HistoryConfig DEFAULT = new HistoryConfig(null, null, null, null);

    public HistoryConfig {
        sampleIntervalMs = sampleIntervalMs == null ? 5_000L : sampleIntervalMs;
        rawRetentionHours = rawRetentionHours == null ? 24 : rawRetentionHours;
        minuteRetentionDays = minuteRetentionDays == null ? 30 : minuteRetentionDays;
        retentionDays = retentionDays == null ? 365 : retentionDays;
    }
}
