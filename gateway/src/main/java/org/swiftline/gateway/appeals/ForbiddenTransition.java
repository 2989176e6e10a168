package org.swiftline.gateway.appeals;

/** An action that the appeal's status does not allow (an HTTP 409); the message says why. */
public final class ForbiddenTransition extends RuntimeException {
  private final AppealStatus status;

  public ForbiddenTransition(String number, AppealStatus status, String action, java.util.Set<AppealStatus> needed) {
    super("appeal " + number + " is " + status.wire() + "; " + action + " needs it to be "
        + String.join(" or ", needed.stream().map(AppealStatus::wire).sorted().toList()), null, false, false);
    this.status = status;
  }

  public AppealStatus status() {
    return status;
  }
}
