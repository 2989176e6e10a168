package org.swiftline.gateway.operators;

/** A request the operator console refuses, with the HTTP status that says why (401, 403, 404, 409, 429). */
public final class Refused extends RuntimeException {
  private final int status;

  public Refused(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
