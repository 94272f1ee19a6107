package pog.trader.strategy.jar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.config.ConfigException;
import pog.trader.strategy.Intent;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A strategy compiled and jarred here, the way a user ships one, found in the strategies directory. */
class JarStrategiesTest {
    @TempDir
    Path dir;

    private static final String SOURCE = """
            package com.example;
            import pog.trader.strategy.*;
            import java.util.List;
            public class AlwaysLong implements Strategy {
                public List<Intent> onEvent(StrategyEvent e) {
                    return e instanceof StrategyEvent.Bar ? List.of(Intent.target(e.symbol(), Signal.LONG)) : List.of();
                }
                public String describe() { return "always long"; }
            }
            """;

    /** Compiles the example and writes strategies/always-long.jar, with or without a service declaration. */
    private Path jar(boolean declared) throws IOException {
        Path src = dir.resolve("src/com/example/AlwaysLong.java");
        Files.createDirectories(src.getParent());
        Files.writeString(src, SOURCE);
        Path classes = dir.resolve("classes");
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, "-classpath", System.getProperty("java.class.path"), "-d",
                classes.toString(), src.toString());
        assertThat(rc).isZero();
        Path strategies = dir.resolve("strategies");
        Files.createDirectories(strategies);
        Path jar = strategies.resolve("always-long.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out)) {
            j.putNextEntry(new JarEntry("com/example/AlwaysLong.class"));
            j.write(Files.readAllBytes(classes.resolve("com/example/AlwaysLong.class")));
            if (declared) {
                j.putNextEntry(new JarEntry("META-INF/services/" + Strategy.class.getName()));
                j.write("com.example.AlwaysLong\n".getBytes());
            }
        }
        return strategies;
    }

    private static StrategyEvent.Bar bar() {
        return new StrategyEvent.Bar("BTC", 0, BigDecimal.TEN, BigDecimal.ZERO, null, BigDecimal.TEN, true);
    }

    @Test
    void theDeclaredProviderIsFound() throws IOException {
        Strategy s = JarStrategies.load(jar(true), null);
        assertThat(s.describe()).isEqualTo("always long");
        assertThat(s.onEvent(bar())).containsExactly(Intent.target("BTC", Signal.LONG));
    }

    @Test
    void anEntryPointNeedsNoDeclaration() throws IOException {
        Strategy s = JarStrategies.load(jar(false), "com.example.AlwaysLong");
        assertThat(s.onEvent(bar())).containsExactly(Intent.target("BTC", Signal.LONG));
    }

    @Test
    void whatIsMissingIsSaidInOneLine() throws IOException {
        Path strategies = jar(false);
        assertThatThrownBy(() -> JarStrategies.load(strategies, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no jar declares a strategy in META-INF/services/pog.trader.strategy.Strategy");
        assertThatThrownBy(() -> JarStrategies.load(strategies, "com.example.Missing"))
                .hasMessageContaining("class com.example.Missing is not in the jars there");
        assertThatThrownBy(() -> JarStrategies.load(dir.resolve("empty-" + System.nanoTime()), null))
                .hasMessageContaining("strategy.dir: is not a directory");
    }
}
