package org.swiftline.gateway.operators;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the operators' append-only audit log: who did what, when, in which conversation.
 *
 * @param action a dotted word such as {@code session.signIn}, {@code conversation.claim}, {@code account.create}
 * @param conversationId the conversation acted on, or {@code null}
 * @param detail what else matters (the account changed, the transfer target), never a password; or {@code null}
 */
public record Action(Instant at, String actor, String action, String conversationId, String detail) {
  public Action {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
  }
}
