package pog.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * A trader's {@code GET /api/health}: who the process is, and its checks measured at the moment of the request.
 * Numbers and flags are boxed: a field an older trader does not send reads as null, never as a made-up zero.
 *
 * @param service    the service id from the trader's config (PM matches it against its own)
 * @param instance   a fresh id per process start, so a restarted trader is told from the one before
 * @param account    the venue account the trader trades, as the venue names it
 * @param startedAt  when this process started (epoch ms)
 * @param status     {@code ok | degraded | halted | paused}; older traders say {@code halted} for a pause too and
 *                   tell them apart by {@code paused} and {@code haltReason}
 * @param strategy   what the strategy says of itself
 * @param haltReason why the trader does not open positions (a risk halt or an operator's pause), with how to resume;
 *                   null while it trades
 * @param checks     by name: loop, venue, marketData, protection, journal, strategy, ...
 * @param time       the trader's clock when it answered (epoch ms)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Health(String service, String instance, Long pid, String version, String venue, String account,
                     Long startedAt, String status, String strategy, Boolean paused, String haltReason,
                     Map<String, Check> checks, Long time) {
    public static final String OK = "ok";
    public static final String DEGRADED = "degraded";
    public static final String HALTED = "halted";
    public static final String PAUSED = "paused";

    /**
     * What a trader in perfect health answers, its four standing checks (loop, venue, market data, protection)
     * passing as of {@code now}: the stand-in's answer where PM is exercised without real traders (its class-data
     * training, the supervision benchmarks), so that they speak the contract and not a copy of it.
     */
    public static Health healthy(String service, String instance, long pid, String version, String venue,
                                 String account, long startedAt, long now) {
        Check fine = new Check(true, "fine", now);
        return new Health(service, instance, pid, version, venue, account, startedAt, OK, null, null, null,
                Map.of("loop", fine, "venue", fine, "marketData", fine, "protection", fine), now);
    }
}
