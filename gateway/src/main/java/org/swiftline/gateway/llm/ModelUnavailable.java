package org.swiftline.gateway.llm;

/** A model call that did not give a usable answer; the feature falls back to its behaviour without a model. */
public final class ModelUnavailable extends RuntimeException {
  /** Why: stable words for logs and the bench. */
  public enum Reason { OFF, BUDGET, CIRCUIT_OPEN, TIMEOUT, ERROR, MALFORMED, REJECTED }

  private final Reason reason;

  public ModelUnavailable(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
