package org.swiftline.gateway.operators;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.Reply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.web.WebChatMapping;
import org.swiftline.gateway.appeals.Texts;
import org.swiftline.gateway.dialogue.Dialogue;
import org.swiftline.gateway.dialogue.Handoff;
import org.swiftline.gateway.relay.Relay;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.OperatorStore;

/**
 * The operators' queue: takes hand-offs from the dialogue (when someone is on duty), offers each to the
 * operators of its language first and to everyone after the language wait, and carries out claims,
 * releases, transfers and closings, each a compare-and-set in the store (so a claim is exclusive across
 * gateways), audited, announced on the {@link Relay} and told to the person in their language.
 *
 * <p>Relay topics: {@value #QUEUE_TOPIC} ({@code {"type":"queued"|"claimed"|"released"|"transferred"|"closed"|
 * "changed", "conversationId", "by"}}: the queue changed, look again) and {@code conversation.<id>}
 * ({@code {"type":"entry","conversationId","entry"}} for each transcript entry of an escalated conversation).
 */
public final class OperatorQueue implements Handoff {
  private static final System.Logger LOG = System.getLogger("swiftline.operators");
  public static final String QUEUE_TOPIC = "operators.queue";
  private static final int CAS_RETRIES = 5;
  private static final long OFFER_TICK_MS = 5000;

  private final OperatorStore store;
  private final Accounts accounts;
  private final Relay relay;
  private final Dialogue dialogue;
  private final Function<Outbound, Future<Void>> deliver;
  private final Texts texts;
  private final Duration languageWait;
  private final Clock clock;
  private long offerTimer = -1;
  private Instant lastTick;

  /**
   * @param deliver sends entries to the person on their channel ({@code Channels::send})
   * @param texts the bot's sentences (what the person is told when an operator joins or leaves)
   */
  public OperatorQueue(
      OperatorStore store, Accounts accounts, Relay relay, Dialogue dialogue, Function<Outbound, Future<Void>> deliver,
      Texts texts, Duration languageWait, Clock clock) {
    this.store = store;
    this.accounts = accounts;
    this.relay = relay;
    this.dialogue = dialogue;
    this.deliver = deliver;
    this.texts = texts;
    this.languageWait = languageWait;
    this.clock = clock;
  }

  public static String conversationTopic(String conversationId) {
    return "conversation." + conversationId;
  }

  /** Announces, every few seconds, escalations whose language wait has just ended (everyone sees them now). */
  public void start(Vertx vertx) {
    lastTick = clock.instant();
    offerTimer = vertx.setPeriodic(OFFER_TICK_MS, id -> {
      Instant now = clock.instant();
      Instant previous = lastTick;
      lastTick = now;
      store.escalations().onSuccess(all -> {
        boolean widened = all.stream().anyMatch(e -> e.claimedBy() == null && !languageWait.isZero()
            && !e.offeredAt().plus(languageWait).isAfter(now) && e.offeredAt().plus(languageWait).isAfter(previous));
        if (widened) announce("changed", null, null);
      });
    });
  }

  public void stop(Vertx vertx) {
    if (offerTimer >= 0) vertx.cancelTimer(offerTimer);
  }

  // ---- the dialogue's side

  @Override
  public Future<State> state(String conversationId) {
    return store.escalation(conversationId).map(found -> found.isEmpty() ? State.BOT
        : found.get().claimedBy() == null ? State.WAITING : State.HELD);
  }

  @Override
  public Future<Boolean> request(Conversation c, String language, String reason, String preview) {
    return anyoneOnDuty().compose(onDuty -> {
      if (!onDuty) {
        LOG.log(System.Logger.Level.INFO, "operators.handoff.noneOnDuty reason={0}", reason);
        return Future.succeededFuture(false);
      }
      Escalation fresh = Escalation.open(c.id(), c.owner(), language, reason, clock.instant(), preview);
      return store.escalate(fresh).compose(stored -> {
        boolean isNew = stored.equals(fresh);
        Future<Void> upgraded = !isNew && ASKED_FOR_OPERATOR.equals(reason) && !reason.equals(stored.reason())
            ? store.replaceEscalation(stored.withReason(reason)).mapEmpty() : Future.succeededFuture();
        return upgraded.compose(v -> isNew ? accounts.audit("bot", "escalation.open", c.id(), reason) : Future.succeededFuture())
            .map(v -> {
              LOG.log(System.Logger.Level.INFO, "operators.handoff.queued reason={0} language={1}", reason, language);
              announce("queued", c.id(), null);
              return true;
            });
      });
    });
  }

  @Override
  public Future<Void> recorded(Conversation c, List<TranscriptEntry> entries) {
    String latest = null;
    for (TranscriptEntry e : entries) if (e.author().equals("user")) latest = e.text();
    if (latest == null) {
      // Operators' and notices' entries: only ever written to escalated conversations, no store read needed.
      publish(c.id(), entries);
      return Future.succeededFuture();
    }
    String preview = latest;
    return store.escalation(c.id()).compose(found -> {
      if (found.isEmpty()) return Future.succeededFuture();
      publish(c.id(), entries);
      // The preview is what the queue shows of a waiting person; once someone holds the chat, it changes nothing
      // (announcing it made every open console fetch the whole queue again for each message of a held chat).
      if (found.get().claimedBy() != null) return Future.succeededFuture();
      return store.replaceEscalation(found.get().withPreview(preview)).map(replaced -> {
        if (replaced) announce("changed", c.id(), null);
        return (Void) null;
      });
    });
  }

  private void publish(String conversationId, List<TranscriptEntry> entries) {
    for (TranscriptEntry e : entries) {
      relay.publish(conversationTopic(conversationId), new JsonObject().put("type", "entry").put("conversationId", conversationId)
          .put("entry", WebChatMapping.toJson(e)));
    }
  }

  /** Succeeds with whether any enabled operator is on duty and connected now. */
  public Future<Boolean> anyoneOnDuty() {
    Instant now = clock.instant();
    return store.presences().compose(presences -> {
      Set<String> available = presences.stream().filter(p -> p.availableAt(now)).map(Presence::name).collect(Collectors.toSet());
      if (available.isEmpty()) return Future.succeededFuture(false);
      return store.accounts().map(all -> all.stream().anyMatch(a -> !a.disabled() && available.contains(a.name())));
    });
  }

  // ---- the operators' side

  /** Succeeds with the queue as {@code caller} sees it (see the class comment), oldest first. */
  public Future<JsonArray> queue(Accounts.Caller caller) {
    Instant now = clock.instant();
    return store.escalations().map(all -> {
      JsonArray list = new JsonArray();
      all.stream().filter(e -> visible(caller, e, now)).forEach(e -> list.add(toJson(e, now)));
      return list;
    });
  }

  /** Whether {@code caller} sees {@code e}: supervisors all; operators their own, their languages' and any after the wait. */
  public boolean visible(Accounts.Caller caller, Escalation e, Instant now) {
    return caller.may(Role.SUPERVISOR) || caller.name().equals(e.claimedBy()) || caller.account().speaks(e.group())
        || !now.isBefore(e.offeredAt().plus(languageWait));
  }

  public JsonObject toJson(Escalation e, Instant now) {
    return new JsonObject()
        .put("conversationId", e.conversationId())
        .put("reason", e.reason())
        .put("language", e.language())
        .put("group", e.group())
        .put("channel", e.person().channel())
        .put("since", e.since().toString())
        .put("waitingSeconds", Math.max(0, Duration.between(e.since(), now).toSeconds()))
        .put("offeredTo", now.isBefore(e.offeredAt().plus(languageWait)) ? "language" : "everyone")
        .put("claimedBy", e.claimedBy())
        .put("preview", e.preview());
  }

  /** Succeeds with the conversation's open escalation if {@code caller} may see it, else fails with {@link Refused} 404. */
  public Future<Escalation> find(Accounts.Caller caller, String conversationId) {
    return store.escalation(conversationId).compose(found -> {
      if (found.isEmpty() || !visible(caller, found.get(), clock.instant())) {
        return Future.failedFuture(new Refused(404, "no escalated conversation " + conversationId + " in your queue"));
      }
      return Future.succeededFuture(found.get());
    });
  }

  /** Succeeds with the escalation when {@code caller} holds it; fails with {@link Refused} 403 (someone else does, or nobody) or 404. */
  public Future<Escalation> held(Accounts.Caller caller, String conversationId) {
    return store.escalation(conversationId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new Refused(404, "no escalated conversation " + conversationId));
      Escalation e = found.get();
      if (caller.name().equals(e.claimedBy())) return Future.succeededFuture(e);
      return Future.failedFuture(new Refused(403, e.claimedBy() == null
          ? "claim the conversation first" : "claimed by " + e.claimedBy()));
    });
  }

  /**
   * Claims the conversation for {@code caller}, exclusively; the person is told an operator joined.
   *
   * @return a future that succeeds with the claimed escalation (also when the caller held it already), or
   *     fails with {@link Refused}: 404 not escalated, 409 claimed by someone else, 403 still offered to
   *     another language group only
   */
  public Future<Escalation> claim(Accounts.Caller caller, String conversationId) {
    return change(conversationId, e -> {
      if (caller.name().equals(e.claimedBy())) return null;
      if (e.claimedBy() != null) throw new Refused(409, "claimed by " + e.claimedBy());
      Instant now = clock.instant();
      if (!visible(caller, e, now)) {
        long wait = Duration.between(now, e.offeredAt().plus(languageWait)).toSeconds() + 1;
        throw new Refused(403, "offered to speakers of " + e.group() + " for " + wait + " more seconds");
      }
      return e.claimed(caller.name());
    }).compose(result -> result.changed()
        ? after(caller, result.after(), "conversation.claim", null, "claimed", "operator.joined").map(v -> result.after())
        : Future.succeededFuture(result.after()));
  }

  /** Puts the conversation back in the queue (holder or supervisor); the person is told. */
  public Future<Escalation> release(Accounts.Caller caller, String conversationId) {
    return change(conversationId, e -> {
      mayRelease(caller, e);
      return e.released(e.group(), e.offeredAt());
    }).compose(r -> after(caller, r.after(), "conversation.release", null, "released", "operator.released").map(v -> r.after()));
  }

  /**
   * Transfers the conversation to another operator ({@code toName}) or back to the queue for a language
   * group ({@code toLanguage}); holder or supervisor.
   */
  public Future<Escalation> transfer(Accounts.Caller caller, String conversationId, String toName, String toLanguage) {
    Future<Optional<Account>> target = toName == null ? Future.succeededFuture(Optional.empty()) : store.account(toName);
    return target.compose(account -> {
      if (toName != null && (account.isEmpty() || account.get().disabled())) {
        return Future.failedFuture(new Refused(404, "no active account named '" + toName + "'"));
      }
      Instant now = clock.instant();
      return change(conversationId, e -> {
        mayRelease(caller, e);
        return toName != null ? e.claimed(toName)
            : e.released(toLanguage, now);
      });
    }).compose(r -> after(caller, r.after(), "conversation.transfer", toName != null ? "to " + toName : "to language " + toLanguage,
        "transferred", "operator.transferred").map(v -> r.after()));
  }

  /**
   * Ends the escalation (holder or supervisor): {@code resolved} or handed back to the bot; the bot answers
   * the person's next message again, and the person is told.
   */
  public Future<Void> close(Accounts.Caller caller, String conversationId, boolean resolved) {
    return closeOnce(caller, conversationId, CAS_RETRIES).compose(e -> after(caller, e,
        resolved ? "conversation.resolve" : "conversation.handback", null, "closed", resolved ? "operator.resolved" : "operator.left"));
  }

  private Future<Escalation> closeOnce(Accounts.Caller caller, String conversationId, int retries) {
    return store.escalation(conversationId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new Refused(404, "no escalated conversation " + conversationId));
      Escalation e = found.get();
      try {
        mayRelease(caller, e);
      } catch (Refused r) {
        return Future.failedFuture(r);
      }
      return store.closeEscalation(conversationId, e.version()).compose(closed -> closed ? Future.succeededFuture(e)
          : retries > 0 ? closeOnce(caller, conversationId, retries - 1)
          : Future.failedFuture(new Refused(409, "the conversation changed meanwhile; try again")));
    });
  }

  private static void mayRelease(Accounts.Caller caller, Escalation e) {
    if (caller.name().equals(e.claimedBy()) || caller.may(Role.SUPERVISOR)) return;
    throw new Refused(403, e.claimedBy() == null ? "claim the conversation first" : "claimed by " + e.claimedBy());
  }

  /** A change made: the escalation after it, and whether anything changed. */
  private record Changed(Escalation after, boolean changed) {}

  /** Applies {@code step} (null: nothing to change) by compare-and-set, reading again when someone else was faster. */
  private Future<Changed> change(String conversationId, UnaryOperator<Escalation> step) {
    return attempt(conversationId, step, CAS_RETRIES);
  }

  private Future<Changed> attempt(String conversationId, UnaryOperator<Escalation> step, int retries) {
    return store.escalation(conversationId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new Refused(404, "no escalated conversation " + conversationId));
      Escalation next;
      try {
        next = step.apply(found.get());
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      if (next == null) return Future.succeededFuture(new Changed(found.get(), false));
      return store.replaceEscalation(next).compose(replaced -> replaced ? Future.succeededFuture(new Changed(next, true))
          : retries > 0 ? attempt(conversationId, step, retries - 1)
          : Future.failedFuture(new Refused(409, "the conversation changed meanwhile; try again")));
    });
  }

  /** Audits, announces and tells the person; the telling is best effort (the change stands). */
  private Future<Void> after(Accounts.Caller caller, Escalation e, String action, String detail, String event, String sentence) {
    LOG.log(System.Logger.Level.INFO, "operators.{0} operator={1}", action, caller.name());
    return accounts.audit(caller.name(), action, e.conversationId(), detail).compose(v -> {
      announce(event, e.conversationId(), caller.name());
      return tell(e, sentence).recover(err -> {
        LOG.log(System.Logger.Level.WARNING, "operators.tell.failed conversation=" + e.conversationId(), err);
        return Future.succeededFuture();
      });
    });
  }

  private Future<Void> tell(Escalation e, String sentence) {
    String language = e.language() == null ? "en" : e.language();
    return say(e.conversationId(), "system", texts.text(language, sentence)).mapEmpty();
  }

  /**
   * Appends a message by {@code author} to the conversation's transcript and delivers it to the person on
   * their channel.
   *
   * @return a future that succeeds with the stored entries once they are in the transcript (delivery is
   *     best effort: a person who is offline catches up from the transcript)
   */
  public Future<List<TranscriptEntry>> say(String conversationId, String author, String text) {
    return dialogue.append(conversationId, author, List.of(Reply.text(text))).compose(appended -> deliver
        .apply(new Outbound(appended.conversation().owner(), conversationId, appended.entries()))
        .recover(err -> {
          LOG.log(System.Logger.Level.WARNING, "operators.deliver.failed channel=" + appended.conversation().owner().channel(), err);
          return Future.succeededFuture();
        })
        .map(v -> appended.entries()));
  }

  private void announce(String type, String conversationId, String by) {
    relay.publish(QUEUE_TOPIC, new JsonObject().put("type", type).put("conversationId", conversationId).put("by", by));
  }

  /** Succeeds with the supervisor's live view (see OPERATORS-API.md). */
  public Future<JsonObject> live() {
    Instant now = clock.instant();
    Future<List<Escalation>> escalations = store.escalations();
    Future<List<Account>> all = store.accounts();
    Future<List<Presence>> presences = store.presences();
    return Future.all(escalations, all, presences).map(done -> {
      Map<String, Integer> byLanguage = new TreeMap<>();
      long longest = 0;
      Map<String, Long> load = escalations.result().stream().filter(e -> e.claimedBy() != null)
          .collect(Collectors.groupingBy(Escalation::claimedBy, Collectors.counting()));
      for (Escalation e : escalations.result()) {
        if (e.claimedBy() != null) continue;
        byLanguage.merge(e.language() == null ? "und" : e.language(), 1, Integer::sum);
        longest = Math.max(longest, Duration.between(e.since(), now).toSeconds());
      }
      Map<String, Presence> presence = presences.result().stream().collect(Collectors.toMap(Presence::name, p -> p));
      JsonArray operators = new JsonArray();
      for (Account a : all.result()) {
        if (a.disabled()) continue;
        Presence p = presence.get(a.name());
        operators.add(new JsonObject().put("name", a.name()).put("role", a.role().wire())
            .put("languages", new JsonArray(a.languages()))
            .put("onDuty", p != null && p.availableAt(now)).put("load", load.getOrDefault(a.name(), 0L)));
      }
      return new JsonObject().put("queueByLanguage", new JsonObject(new TreeMap<String, Object>(byLanguage)))
          .put("waiting", byLanguage.values().stream().mapToInt(Integer::intValue).sum())
          .put("longestWaitSeconds", longest).put("operators", operators);
    });
  }
}
