package pog.trader.engine;

/**
 * Told of every {@link EngineEvent} but the journal's own {@link EngineEvent.Record}s, on the decision thread, in
 * order, after the journal has kept it. Must be quick and must not call back into the engine; a listener that throws
 * is logged and the engine carries on.
 */
@FunctionalInterface
public interface EngineListener {
    void on(EngineEvent event);
}
