package org.swiftline.gateway.operators;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.swiftline.bots.ChannelIdentity;

/**
 * A conversation handed to the operators: waiting in the queue, or held by one operator.
 *
 * @param reason why: {@code asked_for_operator}, {@code no_answer_twice}, {@code upset} or {@code appeal_triage}
 * @param language the person's language
 * @param group the language group it is offered to first (the person's language unless transferred)
 * @param since when it was escalated (the waiting time counts from here)
 * @param offeredAt when it was last offered to {@code group}; everyone sees it after the language wait
 * @param claimedBy the operator holding it, or {@code null} while it waits
 * @param preview the person's latest message, or {@code null}
 * @param version incremented by every change, for compare-and-set in the store
 */
public record Escalation(
    String conversationId, ChannelIdentity person, String language, String group, String reason, Instant since,
    Instant offeredAt, String claimedBy, String preview, long version) {
  public static final Set<String> REASONS = Set.of("asked_for_operator", "no_answer_twice", "upset", "appeal_triage");
  public static final int MAX_PREVIEW = 280;

  public Escalation {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(person, "person");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(offeredAt, "offeredAt");
    if (!REASONS.contains(reason)) throw new IllegalArgumentException("reason must be one of " + REASONS);
    if (preview != null && preview.length() > MAX_PREVIEW) preview = preview.substring(0, MAX_PREVIEW - 1) + "…";
    if (version < 1) throw new IllegalArgumentException("version must be 1 or more");
  }

  /** A new escalation, offered to the person's language group first. */
  public static Escalation open(String conversationId, ChannelIdentity person, String language, String reason, Instant at,
      String preview) {
    return new Escalation(conversationId, person, language, language, reason, at, at, null, preview, 1);
  }

  public Escalation claimed(String by) {
    return new Escalation(conversationId, person, language, group, reason, since, offeredAt, by, preview, version + 1);
  }

  /** Back in the queue, offered afresh to {@code toGroup} from {@code at}. */
  public Escalation released(String toGroup, Instant at) {
    return new Escalation(conversationId, person, language, toGroup, reason, since, at, null, preview, version + 1);
  }

  /** The same escalation numbered {@code v} (a change made in several steps is one version). */
  public Escalation withVersion(long v) {
    return new Escalation(conversationId, person, language, group, reason, since, offeredAt, claimedBy, preview, v);
  }

  public Escalation withPreview(String text) {
    return new Escalation(conversationId, person, language, group, reason, since, offeredAt, claimedBy, text, version + 1);
  }

  public Escalation withReason(String r) {
    return new Escalation(conversationId, person, language, group, r, since, offeredAt, claimedBy, preview, version + 1);
  }
}
