package pog.app;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every service subcommand takes; --port and --data-dir override the config file. */
public final class ServiceOptions {
    @Option(names = "--config", paramLabel = "FILE", required = true, description = "YAML configuration file.")
    public Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on (overrides the config; 0 = any free port).")
    public Integer port;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "State directory (overrides the config).")
    public Path dataDir;
}
