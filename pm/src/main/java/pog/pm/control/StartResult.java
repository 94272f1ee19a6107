package pog.pm.control;

/** What an explicit start did: {@code outcome} is started | adopted | already-running | conflict | failed. */
public record StartResult(String id, String outcome, Long pid, String state, String detail) {
}
