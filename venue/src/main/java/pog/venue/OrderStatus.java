package pog.venue;

public enum OrderStatus {
    OPEN, FILLED, CANCELLED, REJECTED, TRIGGERED;

    public boolean isFinal() {
        return this != OPEN;
    }
}
