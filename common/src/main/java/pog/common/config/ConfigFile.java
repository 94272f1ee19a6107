package pog.common.config;

/**
 * The name of the config file being read, for messages raised inside record constructors (Jackson gives them no
 * context). Set around {@code ConfigLoader.load}; thread-confined.
 */
public final class ConfigFile {
    private static final ThreadLocal<String> CURRENT = ThreadLocal.withInitial(() -> "config");

    private ConfigFile() {
    }

    public static String current() {
        return CURRENT.get();
    }

    public static <T> T reading(String name, java.util.function.Supplier<T> load) {
        CURRENT.set(name);
        try {
            return load.get();
        } finally {
            CURRENT.remove();
        }
    }
}
