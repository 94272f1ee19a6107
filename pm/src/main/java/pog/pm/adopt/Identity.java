package pog.pm.adopt;

import pog.contract.Health;
import pog.pm.config.ServiceConfig;

/** Whether the process answering on a trader's port is that trader: service id, and venue and account when configured. */
public final class Identity {
    private Identity() {
    }

    /** Null when it matches, else why not (for the CONFLICT detail). */
    public static String mismatch(ServiceConfig expected, Health h) {
        if (!expected.id().equals(h.service())) {
            return "port answered as service '" + h.service() + "', expected '" + expected.id() + "'";
        }
        if (expected.venue() != null && !expected.venue().equalsIgnoreCase(String.valueOf(h.venue()))) {
            return "trader is on venue '" + h.venue() + "', expected '" + expected.venue() + "'";
        }
        if (expected.account() != null && !expected.account().equalsIgnoreCase(String.valueOf(h.account()))) {
            return "trader trades account '" + h.account() + "', expected '" + expected.account() + "'";
        }
        return null;
    }
}
