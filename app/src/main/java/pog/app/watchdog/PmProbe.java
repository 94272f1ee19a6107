package pog.app.watchdog;

/** One look at PM's port: who, if anyone, answers {@code GET /api/status} there. */
@FunctionalInterface
public interface PmProbe {
    Result probe();

    enum Kind {
        /** PM answered as PM. */
        PM,
        /** Nothing listens: connection refused. */
        NOTHING,
        /** Something answered that is not PM. */
        FOREIGN,
        /** The port accepts connections (or the connect hangs) but nothing answers within the timeout. */
        NO_ANSWER
    }

    /** What answered; {@code pid} and {@code instance} only for {@link Kind#PM}. */
    record Result(Kind kind, Long pid, String instance, String detail) {
        public static Result pm(long pid, String instance) {
            return new Result(Kind.PM, pid, instance, null);
        }

        public static Result nothing() {
            return new Result(Kind.NOTHING, null, null, "connection refused");
        }

        public static Result foreign(String detail) {
            return new Result(Kind.FOREIGN, null, null, detail);
        }

        public static Result noAnswer(String detail) {
            return new Result(Kind.NO_ANSWER, null, null, detail);
        }
    }
}
