package pog.sim;

/** Where the price feed stands: with the raw prices, this is all that is needed to continue the series exactly. */
final class FeedState {
    final long seed;
    /** Steps taken so far; also the counter of the random source for the next step. */
    long step;
    /** Clock time of the last step; {@link Exchange#advance()} steps from here in tickMillis increments. */
    long lastStepAt;

    FeedState(long seed, long step, long lastStepAt) {
        this.seed = seed;
        this.step = step;
        this.lastStepAt = lastStepAt;
    }
}
