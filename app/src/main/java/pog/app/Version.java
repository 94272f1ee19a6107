package pog.app;

import picocli.CommandLine;

/** The version printed by {@code pog --version}, read from the jar's manifest. */
public final class Version implements CommandLine.IVersionProvider {
    public static String current() {
        String v = Version.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[]{"pog " + current() + " (Java " + System.getProperty("java.version") + ")"};
    }
}
