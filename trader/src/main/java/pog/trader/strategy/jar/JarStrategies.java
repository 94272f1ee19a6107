package pog.trader.strategy.jar;

import pog.common.config.ConfigException;
import pog.trader.config.StrategyConfig;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyFactory;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/** Finds and instantiates a strategy from the jars of a directory. */
public final class JarStrategies {
    private JarStrategies() {
    }

    /**
     * @param dir        the strategies directory; every {@code *.jar} in it is on the strategy's class path
     * @param entryPoint the class to instantiate (public, no-argument constructor); null: the single declared provider
     */
    public static Strategy load(Path dir, String entryPoint) {
        String where = dir.toString();
        List<Path> jars = jars(dir);
        if (jars.isEmpty()) {
            throw new ConfigException(where, "strategy.dir", "has no .jar file (type jar loads its strategy from there)");
        }
        ClassLoader loader = new URLClassLoader("strategies", urls(jars), Strategy.class.getClassLoader());
        if (entryPoint != null) {
            return instantiate(loader, entryPoint, where);
        }
        List<ServiceLoader.Provider<Strategy>> found = ServiceLoader.load(Strategy.class, loader).stream().toList();
        if (found.isEmpty()) {
            throw new ConfigException(where, "strategy.entryPoint", "is not set and no jar declares a strategy in "
                    + "META-INF/services/" + Strategy.class.getName());
        }
        if (found.size() > 1) {
            throw new ConfigException(where, "strategy.entryPoint", "is not set and the jars declare "
                    + found.size() + " strategies (" + String.join(", ", found.stream().map(p -> p.type().getName())
                    .toList()) + "); name one");
        }
        try {
            return found.get(0).get();
        } catch (java.util.ServiceConfigurationError e) {
            throw new ConfigException(where, "strategy.entryPoint", found.get(0).type().getName()
                    + " could not be created: " + rootMessage(e));
        }
    }

    /**
     * The strategy of a type that ships as its own jar, built by the {@link StrategyFactory} the jars in {@code dir}
     * declare for it.
     */
    public static Strategy fromFactory(Path dir, String type, StrategyConfig config, String howToGet) {
        String where = dir.toString();
        List<Path> jars = Files.isDirectory(dir) ? jars(dir) : List.of();
        ClassLoader loader = new URLClassLoader("strategies", urls(jars), Strategy.class.getClassLoader());
        for (StrategyFactory f : ServiceLoader.load(StrategyFactory.class, loader)) {
            if (f.type().equals(type)) {
                return f.create(config);
            }
        }
        throw new ConfigException(where, "strategy.type", type + " needs its jar in this directory (" + howToGet + ")");
    }

    private static URL[] urls(List<Path> jars) {
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new ConfigException(jars.get(i).toString(), null, "cannot be read as a jar");
            }
        }
        return urls;
    }

    private static Strategy instantiate(ClassLoader loader, String name, String where) {
        Class<?> type;
        try {
            type = Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(where, "strategy.entryPoint", "class " + name + " is not in the jars there");
        }
        if (!Strategy.class.isAssignableFrom(type)) {
            throw new ConfigException(where, "strategy.entryPoint", name + " does not implement "
                    + Strategy.class.getName());
        }
        try {
            return (Strategy) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new ConfigException(where, "strategy.entryPoint", name + " needs a public constructor without "
                    + "arguments");
        } catch (InstantiationException | InvocationTargetException e) {
            throw new ConfigException(where, "strategy.entryPoint", name + " could not be created: " + rootMessage(e));
        }
    }

    private static List<Path> jars(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir.toString(), "strategy.dir", "is not a directory");
        }
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList());
        } catch (IOException e) {
            throw new ConfigException(dir.toString(), "strategy.dir", "cannot be listed");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? "its constructor failed" : t.getMessage();
    }
}
