package pog.common.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;

/**
 * Logback set up in code (no XML to parse at start-up). A service that called {@link Logs#toFile} logs INFO to its
 * file and to stdout; anything else (CLI tools, tests) logs warnings to stderr only, so command output stays clean.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        String file = System.getProperty(Logs.FILE_PROPERTY);
        if (file == null) {
            ConsoleAppender<ILoggingEvent> err = console(context, "System.err");
            root.addAppender(err);
            root.setLevel(Level.WARN);
        } else {
            RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
            appender.setContext(context);
            appender.setName("FILE");
            appender.setFile(file);
            SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
            policy.setContext(context);
            policy.setParent(appender);
            policy.setFileNamePattern(file + ".%d{yyyy-MM-dd}.%i.gz");
            policy.setMaxFileSize(FileSize.valueOf("50MB"));
            policy.setMaxHistory(14);
            policy.setTotalSizeCap(FileSize.valueOf("1GB"));
            policy.start();
            appender.setRollingPolicy(policy);
            appender.setEncoder(encoder(context));
            appender.start();
            root.addAppender(appender);
            root.addAppender(console(context, "System.out"));
            root.setLevel(Level.INFO);
            context.getLogger("org.flywaydb").setLevel(Level.WARN);
            // the HTTP server's start/stop banners are library text; PoG logs its own listening line
            context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> console(LoggerContext context, String target) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("CONSOLE");
        appender.setTarget(target);
        appender.setEncoder(encoder(context));
        appender.start();
        return appender;
    }

    private static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
