package pog.app;

import pog.common.auth.ControlToken;
import pog.common.config.ConfigException;

import java.io.IOException;
import java.nio.file.Path;

/** Resolves the control token for a command, turning an unusable token file into a config error (exit 2). */
public final class Tokens {
    private Tokens() {
    }

    public static ControlToken resolve(Path configFile, Path tokenFile) {
        try {
            return ControlToken.resolve(System.getenv(), tokenFile);
        } catch (IOException e) {
            throw new ConfigException(configFile.toString(), "controlTokenFile", e.getMessage());
        }
    }
}
