package pog.trader.engine;

import pog.trader.strategy.Intent;
import pog.trader.strategy.Strategy;
import pog.trader.strategy.StrategyEvent;

import java.util.ArrayList;
import java.util.List;

/** A strategy for engine tests: wants what it is told each bar ({@code wanted}), and remembers what it was told back. */
final class Asking implements Strategy {
    Intent wanted;
    final List<StrategyEvent> seen = new ArrayList<>();

    @Override
    public List<Intent> onEvent(StrategyEvent event) {
        seen.add(event);
        return event instanceof StrategyEvent.Bar && wanted != null ? List.of(wanted) : List.of();
    }

    @Override
    public String describe() {
        return "asking";
    }

    List<StrategyEvent.Refused> refusals() {
        return seen.stream().filter(e -> e instanceof StrategyEvent.Refused).map(e -> (StrategyEvent.Refused) e)
                .toList();
    }
}
