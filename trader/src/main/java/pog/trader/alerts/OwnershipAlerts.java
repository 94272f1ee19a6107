package pog.trader.alerts;

import pog.alerts.Notifier;
import pog.alerts.Severity;
import pog.trader.ownership.AccountWatch;

/** Tells a person when another writer shows on the trader's venue account: held, exiting, or a newcomer seen. */
public final class OwnershipAlerts {
    private OwnershipAlerts() {
    }

    public static void tell(Notifier notifier, String service, AccountWatch.Verdict v) {
        String source = "trader " + service;
        switch (v.state()) {
            case HELD -> notifier.notice(source, Severity.CRITICAL, service + ": venue account HELD",
                    v.detail(), "find the other writer; if there is none (a lost journal), restart this trader with "
                            + "--take-over or POST /api/take-over");
            case MUST_EXIT -> notifier.notice(source, Severity.CRITICAL, service + ": exiting, account held by "
                    + "another trader", v.detail(), "two traders point at one venue account: fix the configuration "
                    + "of this one (exit code 4, PM does not restart it)");
            case OWNER -> {
                if (v.intruder() != null) {
                    notifier.notice(source, Severity.CRITICAL, service + ": another trader wrote to its account",
                            v.detail(), "stop the trader of epoch " + v.intruder() + "; it should exit by itself");
                }
            }
        }
    }
}
