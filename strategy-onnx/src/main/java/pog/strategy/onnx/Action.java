package pog.strategy.onnx;

import pog.common.config.ConfigException;
import pog.trader.strategy.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the model's output becomes a target: {@code argmax:L1,L2,...}, the label of the largest output wins. */
final class Action {
    private final List<Signal> labels;

    private Action(List<Signal> labels) {
        this.labels = labels;
    }

    static Action parse(String declared) {
        if (declared == null || !declared.startsWith("argmax:")) {
            throw new ConfigException("strategy", "action", "'" + declared + "' is not known (known: "
                    + "argmax:flat,long,short with the labels in the model's output order)");
        }
        List<Signal> labels = new ArrayList<>();
        for (String l : declared.substring("argmax:".length()).split(",")) {
            try {
                Signal s = Signal.valueOf(l.trim().toUpperCase(Locale.ROOT));
                if (s == Signal.NONE) {
                    throw new IllegalArgumentException();
                }
                labels.add(s);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("strategy", "action", "label '" + l.trim() + "' is not flat, long or short");
            }
        }
        return new Action(List.copyOf(labels));
    }

    int size() {
        return labels.size();
    }

    Signal choose(float[] output) {
        int best = 0;
        for (int i = 1; i < output.length; i++) {
            if (output[i] > output[best]) {
                best = i;
            }
        }
        return labels.get(best);
    }
}
