package pog.strategy.onnx;

import pog.common.config.ConfigException;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The model's input, one float per declared feature, computed per symbol from its bars:
 * {@code return:N} (the relative price change over the last N bars, 0 until N bars are seen), {@code position}
 * (the sign of what is held: -1, 0 or 1), {@code spread} (the last top of book's ask - bid over its mid, 0 before
 * one came) and {@code funding} (the last funding rate, 0 before one came). Export the trained policy with exactly
 * this layout.
 */
final class Observation {
    private final List<String> features;
    private final int history;

    private Observation(List<String> features, int history) {
        this.features = features;
        this.history = history;
    }

    static Observation parse(List<String> declared) {
        int history = 1;
        for (String f : declared) {
            if (f.startsWith("return:")) {
                int n;
                try {
                    n = Integer.parseInt(f.substring("return:".length()));
                } catch (NumberFormatException e) {
                    n = 0;
                }
                if (n < 1) {
                    throw new ConfigException("strategy", "observation", "'" + f + "': return:N needs N >= 1 bars");
                }
                history = Math.max(history, n + 1);
            } else if (!f.equals("position") && !f.equals("spread") && !f.equals("funding")) {
                throw new ConfigException("strategy", "observation", "unknown feature '" + f
                        + "' (known: return:N, position, spread, funding)");
            }
        }
        return new Observation(List.copyOf(declared), history);
    }

    int size() {
        return features.size();
    }

    /** The prices one symbol has seen, as many as the longest return needs. */
    Deque<Double> newHistory() {
        return new ArrayDeque<>(history);
    }

    void add(Deque<Double> prices, double price) {
        if (prices.size() == history) {
            prices.removeFirst();
        }
        prices.addLast(price);
    }

    float[] vector(Deque<Double> prices, double position) {
        return vector(prices, position, 0, 0);
    }

    /** @param spread the last book's (ask - bid) / mid; @param funding the last funding rate (both 0 when unknown) */
    float[] vector(Deque<Double> prices, double position, double spread, double funding) {
        List<Double> p = new ArrayList<>(prices);
        float[] v = new float[features.size()];
        for (int i = 0; i < v.length; i++) {
            String f = features.get(i);
            if (f.equals("position")) {
                v[i] = (float) Math.signum(position);
            } else if (f.equals("spread")) {
                v[i] = (float) spread;
            } else if (f.equals("funding")) {
                v[i] = (float) funding;
            } else {
                int n = Integer.parseInt(f.substring("return:".length()));
                int last = p.size() - 1;
                v[i] = last - n < 0 ? 0f : (float) (p.get(last) / p.get(last - n) - 1.0);
            }
        }
        return v;
    }
}
