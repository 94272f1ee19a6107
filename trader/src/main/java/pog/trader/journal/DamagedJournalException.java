package pog.trader.journal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The journal file exists but is not a journal this trader can read. Thrown before anything is written to it, so
 * the file is exactly as it was found; the message says so and what to do, in one line.
 */
public final class DamagedJournalException extends IOException {
    private final Path file;
    private final String problem;

    DamagedJournalException(Path file, String problem) {
        this(file, problem, "journal " + file + " is damaged (" + problem + "); nothing was changed. " + moveAside(file));
    }

    private DamagedJournalException(Path file, String problem, String message) {
        super(message);
        this.file = file;
        this.problem = problem;
    }

    /** Intact, but its schema history is not this build's: running the build that wrote it is the better fix. */
    static DamagedJournalException otherVersion(Path file) {
        String problem = "its schema history does not match this version of PoG";
        return new DamagedJournalException(file, problem, "journal " + file + " was written by another version of PoG ("
                + problem + "); nothing was changed. Run the version that wrote it, or " + moveAside(file)
                .substring(0, 1).toLowerCase() + moveAside(file).substring(1));
    }

    private static String moveAside(Path file) {
        return "Move it aside (mv " + file + " " + file + ".damaged, and its -wal and -shm files if present) and start"
                + " again with --take-over: the trader then rebuilds its state from the venue (without --take-over it"
                + " comes back held: its own earlier orders are of an epoch the new journal does not know)";
    }

    public Path file() {
        return file;
    }

    /** What is wrong with it, in a few words. */
    public String problem() {
        return problem;
    }
}
