package org.swiftline.gateway.appeals;

/** There is no appeal with this number (or none the caller may see): an HTTP 404. */
public final class NoSuchAppeal extends RuntimeException {
  public NoSuchAppeal(String number) {
    super("appeal " + number + " not found", null, false, false);
  }
}
