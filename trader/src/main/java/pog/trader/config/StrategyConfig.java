package pog.trader.config;

import pog.common.config.ConfigException;
import pog.common.config.ConfigFile;

import java.nio.file.Path;
import java.util.List;

/**
 * Which strategy decides, and its parameters (docs/strategies.md). Files written before strategies became plug-ins
 * ({@code type: ema-trend} or no type) mean the built-in EMA strategy, unchanged.
 *
 * @param type          {@code ema-trend} (also {@code ema}), {@code process}, {@code jar} or {@code onnx}
 * @param symbols       symbols to trade
 * @param barMillis     how often a mark price is sampled into a bar
 * @param fastPeriod    ema: fast EMA length in bars
 * @param slowPeriod    ema: slow EMA length in bars
 * @param minSpreadBps  ema: minimum distance between the EMAs, in basis points of price, to call a trend
 * @param command       process: the program and its arguments, started as the trader's child
 * @param workDir       process: its working directory (default: the trader's)
 * @param answerMillis  process: how long an answer may take before the strategy counts as hung
 * @param dir           jar: the strategies directory the jar is found in
 * @param entryPoint    jar: the class implementing {@code pog.trader.strategy.Strategy} (default: the one the jars
 *                      declare in {@code META-INF/services/pog.trader.strategy.Strategy})
 * @param model         onnx: the model file
 * @param observation   onnx: the model's input, feature by feature ({@code return:N}, {@code position})
 * @param action        onnx: how its output becomes a target ({@code argmax:flat,long,short})
 * @param barSource     what bars are built from: {@code mark} (sampled marks, the default) or {@code trades} (the
 *                      market's public trades: OHLCV per interval)
 */
public record StrategyConfig(String type, List<String> symbols, Long barMillis, Integer fastPeriod, Integer slowPeriod,
                             Double minSpreadBps, List<String> command, Path workDir, Long answerMillis, Path dir,
                             String entryPoint, Path model, List<String> observation, String action,
                             String barSource) {
    public static final List<String> TYPES = List.of("ema-trend", "ema", "process", "jar", "onnx");

    public StrategyConfig {
        String f = ConfigFile.current();
        type = type == null ? "ema-trend" : type;
        if (!TYPES.contains(type)) {
            throw new ConfigException(f, "strategy.type", "unknown strategy '" + type + "' (known: "
                    + String.join(", ", TYPES) + ")");
        }
        symbols = symbols == null ? List.of("BTC", "ETH") : List.copyOf(symbols);
        if (symbols.isEmpty()) {
            throw new ConfigException(f, "strategy.symbols", "needs at least one symbol");
        }
        barMillis = barMillis == null ? 1000L : barMillis;
        fastPeriod = fastPeriod == null ? 12 : fastPeriod;
        slowPeriod = slowPeriod == null ? 48 : slowPeriod;
        minSpreadBps = minSpreadBps == null ? 5.0 : minSpreadBps;
        if (barMillis < 10) {
            throw new ConfigException(f, "strategy.barMillis", "must be at least 10, got " + barMillis);
        }
        if (fastPeriod < 1 || slowPeriod <= fastPeriod) {
            throw new ConfigException(f, "strategy.slowPeriod", "must be greater than fastPeriod (" + fastPeriod
                    + "), got " + slowPeriod);
        }
        if (minSpreadBps < 0) {
            throw new ConfigException(f, "strategy.minSpreadBps", "must not be negative, got " + minSpreadBps);
        }
        command = command == null ? List.of() : List.copyOf(command);
        if (type.equals("process") && command.isEmpty()) {
            throw new ConfigException(f, "strategy.command", "is required for type process (e.g. [python3, "
                    + "examples/strategies/python/ema_cross.py])");
        }
        answerMillis = answerMillis == null ? 1000L : answerMillis;
        if (answerMillis < 10 || answerMillis > 60_000) {
            throw new ConfigException(f, "strategy.answerMillis", "must be between 10 and 60000, got " + answerMillis);
        }
        dir = dir == null ? Path.of("strategies") : dir;
        barSource = barSource == null ? "mark" : barSource;
        if (!barSource.equals("mark") && !barSource.equals("trades")) {
            throw new ConfigException(f, "strategy.barSource", "must be mark or trades, got '" + barSource + "'");
        }
        observation = observation == null ? List.of() : List.copyOf(observation);
        if (type.equals("onnx")) {
            if (model == null) {
                throw new ConfigException(f, "strategy.model", "is required for type onnx (the .onnx file)");
            }
            if (observation.isEmpty()) {
                throw new ConfigException(f, "strategy.observation", "is required for type onnx (e.g. [return:1, "
                        + "return:5, position])");
            }
            action = action == null ? "argmax:flat,long,short" : action;
        }
    }

    /** The same strategy, its fields as read before {@code barSource} existed. */
    public StrategyConfig(String type, List<String> symbols, Long barMillis, Integer fastPeriod, Integer slowPeriod,
                          Double minSpreadBps, List<String> command, Path workDir, Long answerMillis, Path dir,
                          String entryPoint, Path model, List<String> observation, String action) {
        this(type, symbols, barMillis, fastPeriod, slowPeriod, minSpreadBps, command, workDir, answerMillis, dir,
                entryPoint, model, observation, action, null);
    }

    public boolean isEma() {
        return type.equals("ema-trend") || type.equals("ema");
    }

    public static StrategyConfig defaults() {
        return new StrategyConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }
}
