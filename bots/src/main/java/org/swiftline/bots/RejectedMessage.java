package org.swiftline.bots;

/** A message the gateway will not take, with the reason a channel shows to its caller. */
public final class RejectedMessage extends RuntimeException {
  /** Why a message was refused; channels map these to their protocol's errors. */
  public enum Reason {
    INVALID,
    NOT_FOUND,
    UNAVAILABLE
  }

  private final Reason reason;

  public RejectedMessage(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  /** The HTTP status that says this over HTTP: 400, 404 or 503. */
  public int httpStatus() {
    return switch (reason) {
      case INVALID -> 400;
      case NOT_FOUND -> 404;
      case UNAVAILABLE -> 503;
    };
  }
}
