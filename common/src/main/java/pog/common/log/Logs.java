package pog.common.log;

import java.nio.file.Path;

/**
 * Points the service's log file into its data dir. Must run before the first logger is created: logback reads
 * {@code pog.log.file} from the system properties when it configures itself (see LogConfigurator).
 */
public final class Logs {
    public static final String FILE_PROPERTY = "pog.log.file";

    private Logs() {
    }

    public static void toFile(Path file) {
        System.setProperty(FILE_PROPERTY, file.toAbsolutePath().toString());
    }
}
