package pog.common.config;

/**
 * A configuration problem a person must fix. Its message is one line naming the file, the key and what is wrong;
 * the CLI prints it and exits 2.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String file, String key, String problem) {
        super(format(file, key, problem));
    }

    private static String format(String file, String key, String problem) {
        StringBuilder b = new StringBuilder("config error: ").append(file);
        if (key != null && !key.isEmpty()) {
            b.append(": ").append(key);
        }
        return b.append(": ").append(problem).toString();
    }
}
