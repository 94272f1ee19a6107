package pog.strategy.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import pog.common.config.ConfigException;
import pog.trader.strategy.Intent;
import pog.trader.strategy.Signal;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX policy: per bar, the declared observation of that symbol goes in as a float tensor [1, n], the output
 * [1, k] picks a target through the declared action. The model's first input and first output are used.
 */
public final class OnnxStrategy implements Strategy {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;
    private final Observation observation;
    private final Action action;
    private final Path model;
    private final Map<String, Deque<Double>> prices = new HashMap<>();
    private final Map<String, Double> spreads = new HashMap<>();
    private final Map<String, Double> fundings = new HashMap<>();

    private OnnxStrategy(OrtEnvironment env, OrtSession session, Path model, Observation observation, Action action) {
        this.env = env;
        this.session = session;
        this.model = model;
        this.input = session.getInputNames().iterator().next();
        this.observation = observation;
        this.action = action;
    }

    public static OnnxStrategy open(Path model, Observation observation, Action action) {
        if (!Files.isReadable(model)) {
            throw new ConfigException(model.toString(), "strategy.model", "is not a readable file");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try {
            session = env.createSession(model.toString(), new OrtSession.SessionOptions());
        } catch (OrtException e) {
            throw new ConfigException(model.toString(), "strategy.model", "is not an ONNX model ONNX Runtime can load");
        }
        try {
            NodeInfo in = session.getInputInfo().values().iterator().next();
            long[] shape = ((ai.onnxruntime.TensorInfo) in.getInfo()).getShape();
            long width = shape[shape.length - 1];
            if (width > 0 && width != observation.size()) {
                throw new ConfigException(model.toString(), "strategy.observation", "declares " + observation.size()
                        + " features but the model's input " + in.getName() + " takes " + width);
            }
        } catch (OrtException | ClassCastException e) {
            throw new ConfigException(model.toString(), "strategy.model", "has an input that is not a float tensor");
        }
        return new OnnxStrategy(env, session, model, observation, action);
    }

    /** Version 2: the book and funding events feed the {@code spread} and {@code funding} features. */
    @Override
    public int contractVersion() {
        return 2;
    }

    @Override
    public List<Intent> onEvent(StrategyEvent event) {
        if (event instanceof StrategyEvent.Book b) {
            if (b.bid() != null && b.ask() != null && b.bid().signum() > 0 && b.ask().signum() > 0) {
                double bid = b.bid().doubleValue();
                double ask = b.ask().doubleValue();
                spreads.put(b.symbol(), (ask - bid) / ((ask + bid) / 2));
            }
            return List.of();
        }
        if (event instanceof StrategyEvent.FundingRate f) {
            fundings.put(f.symbol(), f.rate().doubleValue());
            return List.of();
        }
        if (!(event instanceof StrategyEvent.Bar bar)) {
            return List.of();
        }
        Signal s = decide(bar.symbol(), bar.price().doubleValue(), bar.position().doubleValue());
        return List.of(Intent.target(bar.symbol(), s));
    }

    /** One bar in, the target the model picks. */
    Signal decide(String symbol, double price, double position) {
        Deque<Double> history = prices.computeIfAbsent(symbol, k -> observation.newHistory());
        observation.add(history, price);
        float[] obs = observation.vector(history, position, spreads.getOrDefault(symbol, 0.0),
                fundings.getOrDefault(symbol, 0.0));
        try (OnnxTensor t = OnnxTensor.createTensor(env, new float[][]{obs});
             OrtSession.Result r = session.run(Map.of(input, t))) {
            float[][] out = (float[][]) r.get(0).getValue();
            return action.choose(out[0]);
        } catch (OrtException e) {
            throw new IllegalStateException("the model " + model.getFileName() + " failed on a bar: " + e.getMessage());
        }
    }

    @Override
    public String describe() {
        return "onnx " + model.getFileName();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing frees native memory; nothing to do if it fails at shutdown
        }
    }
}
