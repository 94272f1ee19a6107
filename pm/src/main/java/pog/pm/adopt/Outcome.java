package pog.pm.adopt;

/** What a probe of a trader's port led to. */
public enum Outcome {
    /** The configured trader answers: watch it, never restart it. */
    ADOPT,
    /** Something else answers or holds the port: never adopt, never start. */
    CONFLICT,
    /** Nothing was there and PM launched the trader. */
    START,
    /** Nothing is there and PM may not start it (autostart off, external, or a start failed). */
    ABSENT,
    /** Nothing answers, but the process PM started earlier is still alive: starting another would be a second copy. */
    WAIT
}
