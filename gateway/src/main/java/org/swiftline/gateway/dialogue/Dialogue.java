package org.swiftline.gateway.dialogue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import java.util.function.Supplier;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.ConversationHandler;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.LanguageTags;
import org.swiftline.bots.Match;
import org.swiftline.bots.Outcome;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.RejectedMessage;
import org.swiftline.bots.Reply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.bots.Turn;
import org.swiftline.gateway.appeals.AppealConversation;
import org.swiftline.gateway.appeals.AppealDesk;
import org.swiftline.gateway.dialogue.Phrases.Intent;
import org.swiftline.gateway.knowledge.Article;
import org.swiftline.gateway.knowledge.ArticleText;
import org.swiftline.gateway.language.Detection;
import org.swiftline.gateway.language.LanguageDetector;
import org.swiftline.gateway.llm.Assistance;
import org.swiftline.gateway.llm.GroundedAnswers;
import org.swiftline.gateway.retrieval.AnswerEngine;
import org.swiftline.gateway.retrieval.Candidate;
import org.swiftline.gateway.retrieval.Decision;
import org.swiftline.gateway.retrieval.LiveEngine;
import org.swiftline.gateway.store.AnswerFeedback;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.ConversationStore;
import org.swiftline.gateway.store.FeedbackStore;
import org.swiftline.gateway.store.NewEntry;
import org.swiftline.gateway.store.UnansweredQuestion;

/**
 * The conversation: for each message, settles the language, recognises requests (operator, appeal,
 * "that didn't help", a pick among offered choices), otherwise asks the answer engine, and records the
 * turn. An appeal is collected over several turns by {@link AppealConversation} and filed by
 * {@link AppealDesk} before the turn that acknowledges it is recorded. Messages of one conversation are
 * handled one at a time, in arrival order. Language detection and retrieval run on the engine's worker
 * pool; storage on the store's. With a language model ({@link #assistWith}), answers are written from the
 * retrieved articles, unsure or foreign-language questions are also searched in translation, and appeal
 * descriptions are read for their parts; each of these falls back to the turn as planned without it.
 */
public final class Dialogue implements ConversationHandler {
  private static final System.Logger LOG = System.getLogger("swiftline.dialogue");
  static final String ARTICLE = "article:";
  static final String FEEDBACK_HELPFUL = "feedback:helpful";
  static final String FEEDBACK_NOT_HELPFUL = "feedback:not_helpful";
  static final String REQUEST_APPEAL = "request:appeal";
  static final String REQUEST_OPERATOR = "request:operator";
  /** State: a long message no article answered, kept for an appeal the person may choose next. */
  static final String UNANSWERED = "unanswered";
  /** After this many answers that did not help in a row, the bot offers an appeal or an operator. */
  static final int MAX_FAILURES = 2;

  private final LiveEngine live;
  private final ConversationStore conversations;
  private final FeedbackStore feedback;
  private final AppealDesk appeals;
  private final WorkerExecutor workers;
  private final LanguageDetectorModel languageModel;
  private final Set<String> configuredLanguages;
  private final String fallbackLanguage;
  private final Clock clock;
  private final ConversationLeases leases;
  private final Supplier<Optional<String>> outage;
  private final ConversationMemory memory = new ConversationMemory();
  private final Map<String, Future<?>> queues = new ConcurrentHashMap<>();
  private volatile Understanding understanding;
  private volatile Assistance assistance = Assistance.NONE;
  private volatile Handoff handoff = Handoff.NONE;

  /** The language detector and phrases that go with one engine snapshot. */
  private record Understanding(AnswerEngine engine, LanguageDetector detector, Phrases phrases) {}

  /**
   * What one turn decided, before it is stored; {@code appeal} when the turn is about appeals, {@code asked}
   * when it comes from searching the knowledge base; {@code unanswered} the question to keep for
   * knowledge-base editors when the bot had no answer.
   */
  private record Plan(
      Conversation conversation, String language, Outcome outcome, Match match, List<Reply> replies, AnswerFeedback feedback,
      AppealConversation.Step appeal, Asked asked, String unanswered) {
    Plan(Conversation conversation, String language, Outcome outcome, Match match, List<Reply> replies, AnswerFeedback feedback) {
      this(conversation, language, outcome, match, replies, feedback, null, null, null);
    }

    Plan(Conversation conversation, String language, Outcome outcome, Match match, List<Reply> replies, AnswerFeedback feedback,
        AppealConversation.Step appeal) {
      this(conversation, language, outcome, match, replies, feedback, appeal, null, null);
    }

    Plan withAsked(Asked a) {
      return new Plan(conversation, language, outcome, match, replies, feedback, appeal, a, unanswered);
    }

    Plan unanswered(String question) {
      return new Plan(conversation, language, outcome, match, replies, feedback, appeal, asked, question);
    }
  }

  /** A question searched in the knowledge base: as the person wrote it, as searched (maybe translated), the decision. */
  private record Asked(String question, String searched, Decision decision) {}

  /**
   * @param configuredLanguages the deployment's languages ({@code SWIFTLINE_LANGUAGES}); empty means the
   *     knowledge base's languages
   * @param leases the conversation leases that keep a conversation on one instance at a time
   * @param outage why the store cannot be used now, or empty (then turns are answered from memory)
   */
  public Dialogue(
      LiveEngine live, ConversationStore conversations, FeedbackStore feedback, AppealDesk appeals, WorkerExecutor workers,
      LanguageDetectorModel languageModel, Set<String> configuredLanguages, String fallbackLanguage, Clock clock,
      ConversationLeases leases, Supplier<Optional<String>> outage) {
    this.leases = leases;
    this.outage = outage;
    this.live = live;
    this.conversations = conversations;
    this.feedback = feedback;
    this.appeals = appeals;
    this.workers = workers;
    this.languageModel = languageModel;
    this.configuredLanguages = Set.copyOf(configuredLanguages);
    this.fallbackLanguage = fallbackLanguage;
    this.clock = clock;
  }

  /** Uses the language model for the features in {@code assistance} from now on ({@link Assistance#NONE}: none). */
  public void assistWith(Assistance assistance) {
    this.assistance = assistance;
  }

  /** Hands conversations to {@code handoff} (the operators) from now on. */
  public void handOffWith(Handoff handoff) {
    this.handoff = handoff;
  }

  @Override
  public Future<Turn> handle(InboundMessage message) {
    AnswerEngine engine = live.current();
    if (engine == null) {
      return Future.failedFuture(new RejectedMessage(RejectedMessage.Reason.UNAVAILABLE,
          "the knowledge base is still loading, please retry in a few seconds"));
    }
    if (message.conversationId() == null) {
      Instant now = clock.instant();
      Conversation fresh = new Conversation(newId(), message.from(), null, now, now, new JsonObject());
      // nobody can have handed over a conversation that did not exist: the bot has it, no need to ask the store
      return inOrder(fresh.id(), () -> turn(fresh, outage.get().isPresent(), Handoff.State.BOT, message, engine));
    }
    return inOrder(message.conversationId(), () -> load(message.from(), message.conversationId())
        .compose(loaded -> turn(loaded.conversation(), loaded.storeDown(), null, message, engine)));
  }

  /** A conversation to continue, and whether the store could not be reached (so it came from memory). */
  private record Loaded(Conversation conversation, boolean storeDown) {}

  /**
   * The conversation from the store, after storing what this instance kept in memory while the store was
   * unreachable; from memory while it still is (a conversation unknown here then starts afresh under its id:
   * nothing of it is shown, and nothing is stored for it unless its owner is confirmed later).
   */
  private Future<Loaded> load(ChannelIdentity who, String conversationId) {
    Optional<ConversationMemory.Recalled> recalled = memory.get(conversationId);
    Future<Optional<Conversation>> found = outage.get().isPresent()
        ? Future.failedFuture(new IllegalStateException(outage.get().get()))
        : conversations.find(conversationId);
    return found.transform(ar -> {
      if (ar.failed()) {
        if (recalled.isPresent() && !recalled.get().conversation().owner().equals(who)) return notFound();
        Instant now = clock.instant();
        Conversation c = recalled.map(ConversationMemory.Recalled::conversation)
            .orElseGet(() -> new Conversation(conversationId, who, null, now, now, new JsonObject()));
        return Future.succeededFuture(new Loaded(c, true));
      }
      Optional<Conversation> stored = ar.result();
      boolean recalledMine = recalled.isPresent() && recalled.get().conversation().owner().equals(who);
      boolean pending = recalledMine && !recalled.get().unsaved().isEmpty();
      Conversation c = stored.orElse(pending ? recalled.get().conversation() : null);
      if (c == null || !c.owner().equals(who)) return notFound();
      // turns someone else sent under this id while the owner could not be checked are dropped, never stored
      if (recalled.isPresent() && !recalledMine) memory.forget(conversationId);
      if (!pending) return Future.succeededFuture(new Loaded(c, false));
      // what this instance answered while the store was unreachable goes into the transcript first
      return conversations.record(c, recalled.get().unsaved()).map(written -> {
        memory.saved(c, written.get(written.size() - 1).seq());
        LOG.log(System.Logger.Level.INFO, "dialogue.unsaved.stored entries={0}", written.size());
        return new Loaded(c, false);
      }).recover(e -> Future.succeededFuture(new Loaded(recalled.get().conversation(), true))); // dropped again: from memory
    });
  }

  private static <T> Future<T> notFound() {
    return Future.failedFuture(new RejectedMessage(RejectedMessage.Reason.NOT_FOUND, "conversation not found"));
  }

  @Override
  public Future<List<TranscriptEntry>> transcript(ChannelIdentity who, String conversationId, long afterSeq) {
    return owned(who, conversationId).compose(c -> conversations.transcript(conversationId, afterSeq, 1000))
        .recover(e -> e instanceof RejectedMessage ? Future.failedFuture(e) : Future.failedFuture(new RejectedMessage(
            RejectedMessage.Reason.UNAVAILABLE, "the conversation's history is briefly unavailable, please retry")));
  }

  /** The conversation if it exists and belongs to {@code who}; otherwise a NOT_FOUND rejection (no leak). */
  private Future<Conversation> owned(ChannelIdentity who, String conversationId) {
    return conversations.find(conversationId).map(found -> {
      if (found.isEmpty() || !found.get().owner().equals(who)) {
        throw new RejectedMessage(RejectedMessage.Reason.NOT_FOUND, "conversation not found");
      }
      return found.get();
    });
  }

  /**
   * Appends bot messages to a conversation outside a turn (an appeal notification, say), after any turn in
   * progress, in the conversation's language.
   *
   * @return a future that succeeds with the stored entries, or fails with a NOT_FOUND {@link RejectedMessage}
   *     when the conversation does not exist or belongs to someone else
   */
  public Future<List<TranscriptEntry>> append(ChannelIdentity owner, String conversationId, List<Reply> replies) {
    return inOrder(conversationId, () -> owned(owner, conversationId).compose(c -> record(c, "bot", replies)));
  }

  /**
   * Appends messages by {@code author} ({@code operator}, {@code system}, {@code bot}) to a conversation
   * outside a turn, after any turn in progress, in the conversation's language, and passes them to the
   * hand-off.
   *
   * @return a future that succeeds with the conversation and the stored entries, or fails with a NOT_FOUND
   *     {@link RejectedMessage} when the conversation does not exist
   */
  public Future<Appended> append(String conversationId, String author, List<Reply> replies) {
    return inOrder(conversationId, () -> conversations.find(conversationId).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new RejectedMessage(RejectedMessage.Reason.NOT_FOUND, "conversation not found"));
      Conversation c = found.get();
      return record(c, author, replies).compose(entries -> handoff.recorded(c, entries).map(v -> new Appended(c, entries)));
    }));
  }

  /** Messages appended to a conversation, with the conversation (its owner is where they go). */
  public record Appended(Conversation conversation, List<TranscriptEntry> entries) {}

  /** Succeeds with the conversation, or empty; for the operators, who see any conversation in their queue. */
  public Future<java.util.Optional<Conversation>> conversation(String conversationId) {
    return conversations.find(conversationId);
  }

  private Future<List<TranscriptEntry>> record(Conversation c, String author, List<Reply> replies) {
    Instant now = clock.instant();
    List<NewEntry> entries = new ArrayList<>();
    for (Reply r : replies) entries.add(new NewEntry(author, r.text(), r.quickReplies(), c.language(), null, null, now));
    return conversations.record(c.with(c.language(), now, c.state()), entries);
  }

  /** @param known the conversation's hand-off state when it is known without asking, or {@code null} */
  private Future<Turn> turn(
      Conversation conversation, boolean storeDown, Handoff.State known, InboundMessage message, AnswerEngine engine) {
    Handoff h = handoff;
    // while the store is unreachable the bot answers: the operators' queue lives in the same store
    Future<Handoff.State> held = storeDown ? Future.succeededFuture(Handoff.State.BOT)
        : known != null ? Future.succeededFuture(known)
        // the store can drop between reading the conversation and this: then too the bot answers, never a 500
        : h.state(conversation.id()).recover(e -> {
          LOG.log(System.Logger.Level.WARNING, "dialogue.handoff.state_unknown reason={0}", e.getMessage());
          return Future.succeededFuture(Handoff.State.BOT);
        });
    return held.compose(state -> state == Handoff.State.HELD
        ? toOperator(h, conversation, message)
        : botTurn(h, state, conversation, storeDown, message, engine));
  }

  /** An operator holds the conversation: the message is recorded and passed on; the bot says nothing. */
  private Future<Turn> toOperator(Handoff h, Conversation conversation, InboundMessage message) {
    Instant now = clock.instant();
    String language = conversation.language() != null ? conversation.language()
        : message.languageHint() != null ? LanguageTags.primary(message.languageHint()) : fallbackLanguage;
    Conversation updated = conversation.with(language, now, conversation.state());
    NewEntry entry = new NewEntry("user", message.text(), List.of(), language, null, null, message.receivedAt());
    return conversations.record(updated, List.of(entry)).compose(written -> h.recorded(updated, written)
        .map(v -> new Turn(conversation.id(), language, Outcome.OPERATOR, null, List.of(), written.get(written.size() - 1).seq())));
  }

  private Future<Turn> botTurn(
      Handoff h, Handoff.State state, Conversation conversation, boolean storeDown, InboundMessage message, AnswerEngine engine) {
    return workers.executeBlocking(() -> plan(conversation, message, understand(engine)), false)
        .compose(plan -> assist(plan, conversation, message, engine))
        .map(plan -> storeDown && plan.appeal() != null ? appealsUnavailable(conversation, plan) : plan)
        .compose(plan -> plan.appeal() == null || plan.appeal().request() == null
            ? Future.succeededFuture(plan)
            : appeals.perform(plan.appeal(), conversation.owner(), conversation.id(), plan.language(), engine)
                .map(done -> new Plan(plan.conversation().with(plan.language(), clock.instant(), done.state()),
                    plan.language(), done.outcome(), null, done.replies(), null)))
        .compose(plan -> storeDown ? Future.succeededFuture(plan) : handOff(h, plan, message))
        .compose(plan -> {
          Instant now = clock.instant();
          List<NewEntry> entries = new ArrayList<>();
          entries.add(new NewEntry("user", message.text(), List.of(), plan.language(), null, null, message.receivedAt()));
          String articleId = plan.match() == null ? null : plan.match().articleId();
          for (Reply r : plan.replies()) {
            entries.add(new NewEntry("bot", r.text(), r.quickReplies(), plan.language(), plan.outcome().wire(), articleId, now));
          }
          Future<List<TranscriptEntry>> stored = storeDown
              ? Future.failedFuture(new IllegalStateException("store unreachable"))
              : conversations.record(plan.conversation(), entries);
          Future<Void> feedbackStored = plan.feedback() == null || storeDown ? Future.succeededFuture()
              : feedback.record(plan.feedback()).recover(e -> {
                LOG.log(System.Logger.Level.WARNING, "dialogue.feedback.not_stored reason={0}", e.getMessage());
                return Future.succeededFuture();
              });
          // a knowledge-base gap; losing one is better than failing the turn
          Future<Void> gapStored = plan.unanswered() == null || storeDown ? Future.succeededFuture()
              : feedback.recordUnanswered(UnansweredQuestion.of(plan.unanswered(), plan.language(), message.receivedAt()))
                  .recover(e -> {
                    LOG.log(System.Logger.Level.WARNING, "dialogue.unanswered.failed", e);
                    return Future.succeededFuture();
                  });
          return Future.join(stored, feedbackStored, gapStored).transform(done -> {
            if (stored.failed()) {
              // The store is unreachable: answer anyway, and keep the turn in memory until it can be stored.
              LOG.log(System.Logger.Level.WARNING, "dialogue.turn.unsaved reason={0}", stored.cause().getMessage());
              long lastSeq = memory.unsaved(plan.conversation(), entries);
              return Future.succeededFuture(
                  new Turn(plan.conversation().id(), plan.language(), plan.outcome(), plan.match(), plan.replies(), lastSeq));
            }
            List<TranscriptEntry> written = stored.result();
            long lastSeq = written.get(written.size() - 1).seq();
            memory.saved(plan.conversation(), lastSeq);
            Turn turn = new Turn(plan.conversation().id(), plan.language(), plan.outcome(), plan.match(), plan.replies(), lastSeq);
            boolean withOperators = state == Handoff.State.WAITING || plan.outcome() == Outcome.HANDOFF_REQUESTED
                || plan.outcome() == Outcome.APPEAL_FILED
                || (plan.outcome() == Outcome.NO_ANSWER && plan.feedback() != null);
            return withOperators ? h.recorded(plan.conversation(), written).map(v -> turn) : Future.succeededFuture(turn);
          });
        });
  }

  /**
   * Hands the conversation to the operators when the turn asks for it: the person asked for an operator
   * (told honestly when none is on duty, and offered an appeal), a second answer did not help, or an appeal
   * just filed waits in triage.
   */
  private Future<Plan> handOff(Handoff h, Plan plan, InboundMessage message) {
    if (plan.outcome() == Outcome.HANDOFF_REQUESTED) {
      return h.request(plan.conversation(), plan.language(), Handoff.ASKED_FOR_OPERATOR, message.text()).map(queued -> {
        Phrases phrases = understanding.phrases();
        Reply reply = queued
            ? Reply.text(phrases.text(plan.language(), "handoff.queued"))
            : new Reply(phrases.text(plan.language(), "handoff.noOperator"),
                List.of(new QuickReply(phrases.text(plan.language(), "noAnswer.appeal"), REQUEST_APPEAL)));
        return new Plan(plan.conversation(), plan.language(), plan.outcome(), plan.match(), List.of(reply), plan.feedback(),
            plan.appeal());
      });
    }
    if (plan.outcome() == Outcome.NO_ANSWER && plan.feedback() != null && !plan.feedback().helpful()) {
      // Two answers in a row did not help: offer the conversation to the operators too (the reply already
      // offers an appeal or an operator).
      return h.request(plan.conversation(), plan.language(), Handoff.NO_ANSWER_TWICE, message.text()).map(queued -> plan);
    }
    if (understanding.phrases().strength(Intent.UPSET, message.text()) != Phrases.Strength.NONE) {
      // The person is upset: the bot answers as it planned, and the operators are offered the conversation.
      return h.request(plan.conversation(), plan.language(), Handoff.UPSET, message.text()).map(queued -> plan);
    }
    if (plan.outcome() == Outcome.APPEAL_FILED) {
      // An appeal the classifier could not route waits in triage: offer its conversation to the operators too.
      Conversation c = plan.conversation();
      return appeals.store().search(org.swiftline.gateway.store.AppealQuery.ofCitizen(c.owner(), 1))
          .compose(latest -> !latest.isEmpty() && latest.get(0).department() == null && c.id().equals(latest.get(0).conversationId())
              ? h.request(c, plan.language(), Handoff.APPEAL_TRIAGE, message.text()).map(queued -> plan)
              : Future.succeededFuture(plan))
          .recover(e -> Future.succeededFuture(plan));
    }
    return Future.succeededFuture(plan);
  }

  /** The reply to any appeal step while the store is unreachable: appeals cannot be filed or looked up now. */
  private Plan appealsUnavailable(Conversation conversation, Plan plan) {
    Phrases phrases = understanding.phrases();
    return new Plan(conversation.with(plan.language(), clock.instant(), conversation.state()), plan.language(),
        Outcome.APPEAL_UNAVAILABLE, null, List.of(Reply.text(phrases.text(plan.language(), "appeal.unavailable"))), null);
  }

  private Understanding understand(AnswerEngine engine) {
    Understanding u = understanding;
    if (u != null && u.engine() == engine) return u;
    Set<String> languages = configuredLanguages.isEmpty() ? engine.knowledgeBase().languages() : configuredLanguages;
    Map<String, List<String>> texts = new java.util.HashMap<>();
    for (Article a : engine.knowledgeBase().list()) {
      for (ArticleText t : a.texts().values()) {
        List<String> list = texts.computeIfAbsent(t.language(), k -> new ArrayList<>());
        list.add(t.title());
        list.addAll(t.questions());
        list.add(t.body());
      }
    }
    Phrases phrases = new Phrases(languages);
    // Greetings, thanks and requests are words of their language too ("bonjour", "спасибо").
    for (String language : languages) texts.computeIfAbsent(language, k -> new ArrayList<>()).addAll(phrases.intentPhrases(language));
    u = new Understanding(engine, new LanguageDetector(languageModel, languages, LanguageDetector.vocabularyOf(texts)), phrases);
    understanding = u;
    return u;
  }

  /** Decides the turn. Runs on a worker thread: detection and retrieval are CPU work. */
  private Plan plan(Conversation conversation, InboundMessage message, Understanding u) {
    JsonObject state = conversation.state();
    String payload = message.payload();
    String hint = message.languageHint() == null ? null : LanguageTags.primary(message.languageHint());
    String language;
    if (payload != null && conversation.language() != null) {
      language = conversation.language(); // a button's title says nothing about the person's language
    } else {
      Detection d = u.detector().detect(message.text(), hint, conversation.language(), defaultLanguage(u));
      language = d.language();
    }
    Instant now = clock.instant();
    Phrases phrases = u.phrases();
    AnswerEngine engine = u.engine();
    String lastArticle = state.getString("lastArticle");

    // Appeals: collecting one (every message belongs to it until it is filed or cancelled), asking to
    // file one, asking about one's appeals.
    // A request phrase inside a longer message ("estado de mi queja", "怎么投诉出租车") is as likely a
    // question about the subject: it is answered from the knowledge base; when nothing answers it, the
    // person is offered an appeal (an operator request is taken as one).
    Retrieval retrieval = new Retrieval(engine, message.text(), language);
    boolean collecting = AppealConversation.collecting(state);
    Phrases.Strength appealWords = payload != null || collecting ? Phrases.Strength.NONE
        : phrases.strength(Intent.APPEAL, message.text());
    boolean asksForAppeal = REQUEST_APPEAL.equals(payload) || appealWords == Phrases.Strength.REQUEST;
    AppealConversation.Step appeal = appeals.conversation(engine).handle(state, message.text(), payload, language, asksForAppeal);
    // The person described a problem the knowledge base had no answer for and then chose to appeal:
    // that description starts the appeal.
    String description = REQUEST_APPEAL.equals(payload) ? state.getString(UNANSWERED) : null;
    if (appeal != null && description != null && !collecting && AppealConversation.collecting(appeal.state())) {
      JsonObject started = appeal.state().copy();
      started.remove(UNANSWERED);
      AppealConversation.Step described = appeals.conversation(engine).handle(started, description, null, language, false);
      if (described != null) appeal = described;
    }
    if (appeal != null) {
      return new Plan(conversation.with(language, now, appeal.state()), language, appeal.outcome(), null, appeal.replies(),
          null, appeal);
    }
    if (AppealConversation.awaitsRating(state)) {
      // the person moved on instead of rating an appeal: stop waiting for the rating
      state = AppealConversation.settled(state);
      conversation = conversation.with(conversation.language(), conversation.updatedAt(), state);
    }

    // A pick among offered choices: by payload, by number or by title.
    String picked = null;
    if (payload != null && payload.startsWith(ARTICLE)) picked = payload.substring(ARTICLE.length());
    if (picked == null) picked = pickByText(state.getJsonArray("pending"), message.text());
    if (picked != null && engine.knowledgeBase().article(picked).isPresent()) {
      return answer(conversation, engine, phrases, language, picked, 1.0, now);
    }

    if (FEEDBACK_HELPFUL.equals(payload) && lastArticle != null) {
      JsonObject next = state.copy().put("failures", 0);
      return new Plan(conversation.with(language, now, next), language, Outcome.FEEDBACK_RECORDED,
          new Match(lastArticle, 1.0), List.of(Reply.text(phrases.text(language, "feedback.thanks"))),
          new AnswerFeedback(conversation.id(), lastArticle, language, true, now));
    }
    if (lastArticle != null && (FEEDBACK_NOT_HELPFUL.equals(payload) || (payload == null && phrases.matches(Intent.NOT_HELPFUL, message.text())))) {
      int failures = state.getInteger("failures", 0) + 1;
      JsonObject next = state.copy().put("failures", failures).putNull("lastArticle");
      AnswerFeedback verdict = new AnswerFeedback(conversation.id(), lastArticle, language, false, now);
      if (failures >= MAX_FAILURES) {
        return noAnswer(conversation.with(language, now, next.put("failures", 0)), phrases, language, verdict);
      }
      return new Plan(conversation.with(language, now, next), language, Outcome.FEEDBACK_RECORDED, null,
          List.of(new Reply(phrases.text(language, "feedback.sorry"), offers(phrases, language))), verdict);
    }
    if (REQUEST_OPERATOR.equals(payload)
        || (payload == null && requested(phrases.strength(Intent.OPERATOR, message.text()), retrieval))) {
      return new Plan(conversation.with(language, now, state.copy().put("requested", "operator")), language,
          Outcome.HANDOFF_REQUESTED, null, List.of(Reply.text(phrases.text(language, "handoff.ack"))), null);
    }

    if (payload == null && phrases.matches(Intent.SMALL_TALK, message.text())) {
      return noAnswer(conversation.with(language, now, state), phrases, language, null);
    }

    Decision decision = retrieval.decision();
    boolean describesProblem = appealWords == Phrases.Strength.MENTIONED || AnswerEngine.isLongMessage(message.text());
    Plan decided = switch (decision.kind()) {
      case ANSWER -> answer(conversation, engine, phrases, language, decision.candidates().get(0).articleId(),
          decision.confidence(), now);
      case CLARIFY -> clarify(conversation, engine, phrases, language, decision, now, describesProblem, message.text());
      case NONE -> noAnswer(conversation.with(language, now, remember(state.copy().putNull("lastArticle").putNull("pending"),
          describesProblem ? message.text() : null)), phrases, language, null).unanswered(payload == null ? message.text() : null);
    };
    return decided.withAsked(new Asked(message.text(), message.text(), decision));
  }

  // ---- the optional language model (llm/): each step falls back to the plan as it was, within the turn's budget

  private Future<Plan> assist(Plan plan, Conversation before, InboundMessage message, AnswerEngine engine) {
    Assistance a = assistance;
    if (!a.any()) return Future.succeededFuture(plan);
    long deadline = System.nanoTime() + a.budgetMs() * 1_000_000L;
    if (plan.asked() != null) {
      return acrossLanguages(plan, a, engine, deadline).compose(p -> grounded(p, a, engine, deadline));
    }
    if (plan.appeal() != null && plan.appeal().request() == null && a.appeals() != null
        && described(before.state(), plan.appeal().state())) {
      return draftAppeal(plan, before, message, a, engine, deadline);
    }
    return Future.succeededFuture(plan);
  }

  private static long left(long deadline) {
    return (deadline - System.nanoTime()) / 1_000_000;
  }

  /**
   * Cross-lingual search: a question in a language the knowledge base lacks, or one retrieval is unsure about,
   * is also searched through its translation into the knowledge base's languages; a confident answer there
   * is answered in the person's language.
   */
  private Future<Plan> acrossLanguages(Plan plan, Assistance a, AnswerEngine engine, long deadline) {
    Asked asked = plan.asked();
    boolean lacking = !engine.knowledgeBase().languages().contains(plan.language());
    if (a.questions() == null || (!lacking && asked.decision().kind() == Decision.Kind.ANSWER)) {
      return Future.succeededFuture(plan);
    }
    List<String> targets = translationTargets(engine, plan.language());
    if (targets.isEmpty()) return Future.succeededFuture(plan);
    return a.questions().translate(asked.question(), plan.language(), targets, left(deadline))
        .compose(translations -> workers.executeBlocking(() -> {
          Decision best = null;
          String bestText = null;
          for (Map.Entry<String, String> t : translations.entrySet()) {
            Decision d = engine.decide(t.getValue(), t.getKey());
            if (d.kind() == Decision.Kind.ANSWER && (best == null || d.confidence() > best.confidence())) {
              best = d;
              bestText = t.getValue();
            }
          }
          if (best == null) return plan;
          Plan answered = answer(plan.conversation(), engine, understand(engine).phrases(), plan.language(),
              best.candidates().get(0).articleId(), best.confidence(), clock.instant());
          return answered.withAsked(new Asked(asked.question(), bestText, best));
        }, false))
        .otherwise(plan);
  }

  /** The knowledge base's languages to translate a question into: the one it is searched in first, then the largest. */
  private static List<String> translationTargets(AnswerEngine engine, String language) {
    Map<String, Integer> sizes = new java.util.HashMap<>();
    for (Article article : engine.knowledgeBase().list()) {
      for (String l : article.texts().keySet()) sizes.merge(l, 1, Integer::sum);
    }
    List<String> targets = new ArrayList<>();
    String searched = engine.searchLanguage(language);
    if (!searched.equals(language)) targets.add(searched);
    sizes.entrySet().stream()
        .filter(e -> !e.getKey().equals(language) && !targets.contains(e.getKey()))
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(2 - targets.size())
        .forEach(e -> targets.add(e.getKey()));
    return targets;
  }

  /**
   * Grounded answer: the model writes the reply from the retrieved articles in the person's language; "not in
   * the articles" takes the no-answer path; an answer the check rejects, or no answer in time, keeps the
   * article text.
   */
  private Future<Plan> grounded(Plan plan, Assistance a, AnswerEngine engine, long deadline) {
    if (a.answers() == null || plan.outcome() != Outcome.ANSWERED || plan.asked() == null || plan.match() == null) {
      return Future.succeededFuture(plan);
    }
    Asked asked = plan.asked();
    String articleId = plan.match().articleId();
    return workers.executeBlocking(() -> {
          List<Article> articles = new ArrayList<>();
          articles.add(engine.knowledgeBase().article(articleId).orElseThrow());
          for (Candidate c : engine.rank(asked.searched(), asked.decision().searchedLanguage(), 3)) {
            if (articles.size() >= 3) break;
            if (!c.articleId().equals(articleId)) engine.knowledgeBase().article(c.articleId()).ifPresent(articles::add);
          }
          return articles;
        }, false)
        .compose(articles -> a.answers().answer(asked.question(), plan.language(), asked.decision().searchedLanguage(),
            articles, left(deadline)))
        .map(result -> {
          Instant now = clock.instant();
          if (result instanceof GroundedAnswers.NotInArticles) {
            JsonObject state = plan.conversation().state().copy().putNull("lastArticle").putNull("pending");
            return noAnswer(plan.conversation().with(plan.language(), now, state), understand(engine).phrases(),
                plan.language(), null).withAsked(asked).unanswered(asked.question());
          }
          GroundedAnswers.Written written = (GroundedAnswers.Written) result;
          String used = written.cited().contains(articleId) ? articleId : written.cited().get(0);
          JsonObject state = plan.conversation().state().copy().put("lastArticle", used);
          Reply reply = new Reply(written.text(), plan.replies().get(0).quickReplies());
          return new Plan(plan.conversation().with(plan.language(), now, state), plan.language(), Outcome.ANSWERED,
              new Match(used, plan.match().score()), List.of(reply), plan.feedback(), null, asked, plan.unanswered());
        })
        .otherwise(plan);
  }

  /** Whether this turn gave the appeal's description (the draft has just left the "what happened" step). */
  private static boolean described(JsonObject before, JsonObject after) {
    JsonObject was = before.getJsonObject(AppealConversation.STATE);
    JsonObject now = after.getJsonObject(AppealConversation.STATE);
    return was != null && now != null && "what".equals(was.getString("step")) && !"what".equals(now.getString("step"));
  }

  /** Appeal drafting: the model proposes the parts the parser missed; the person confirms them in the summary. */
  private Future<Plan> draftAppeal(Plan plan, Conversation before, InboundMessage message, Assistance a, AnswerEngine engine,
      long deadline) {
    return conversations.transcript(before.id(), 0, 10_000)
        .map(entries -> {
          List<String> said = new ArrayList<>();
          for (TranscriptEntry e : entries) if (e.author().equals("user")) said.add(e.text());
          said.add(message.text());
          return said.subList(Math.max(0, said.size() - 6), said.size());
        })
        .compose(said -> workers.executeBlocking(() -> appeals.districts(engine), false)
            .compose(districts -> a.appeals().propose(said, plan.language(), districts, engine.knowledgeBase(), left(deadline))))
        .compose(proposal -> workers.executeBlocking(() -> {
          AppealConversation.Step step = appeals.conversation(engine).propose(plan.appeal().state(), proposal, plan.language());
          return new Plan(plan.conversation().with(plan.language(), clock.instant(), step.state()), plan.language(),
              step.outcome(), null, step.replies(), null, step);
        }, false))
        .otherwise(plan);
  }

  /** Whether a message with these request words is the request, asking retrieval only when it must. */
  private static boolean requested(Phrases.Strength strength, Retrieval retrieval) {
    return strength == Phrases.Strength.REQUEST
        || (strength == Phrases.Strength.MENTIONED && retrieval.decision().kind() == Decision.Kind.NONE);
  }

  /** The engine's decision for the turn's text, computed at most once and only when needed. */
  private static final class Retrieval {
    private final AnswerEngine engine;
    private final String text;
    private final String language;
    private Decision decision;

    Retrieval(AnswerEngine engine, String text, String language) {
      this.engine = engine;
      this.text = text;
      this.language = language;
    }

    Decision decision() {
      if (decision == null) decision = engine.decide(text, language);
      return decision;
    }
  }

  private Plan answer(Conversation c, AnswerEngine engine, Phrases phrases, String language, String articleId, double score, Instant now) {
    Article article = engine.knowledgeBase().article(articleId).orElseThrow();
    ArticleText text = textFor(article, language, engine);
    String body = text.language().equals(language)
        ? text.body()
        : phrases.text(language, "answer.fallbackIntro", Phrases.languageName(text.language(), language)) + "\n\n" + text.body();
    List<QuickReply> verdict = List.of(
        new QuickReply(phrases.text(language, "answer.helpful"), FEEDBACK_HELPFUL),
        new QuickReply(phrases.text(language, "answer.notHelpful"), FEEDBACK_NOT_HELPFUL));
    JsonObject next = c.state().copy().put("lastArticle", articleId).putNull("pending");
    next.remove(UNANSWERED);
    return new Plan(c.with(language, now, next), language, Outcome.ANSWERED, new Match(articleId, score),
        List.of(new Reply(body, verdict)), null);
  }

  /**
   * Keeps an unanswered message that describes a problem (long, or mentioning a complaint) in the
   * conversation state, so that choosing "file an appeal" next turns it into the appeal's description
   * instead of asking for it again; {@code null} forgets it.
   */
  private static JsonObject remember(JsonObject state, String text) {
    if (text != null) state.put(UNANSWERED, text);
    else state.remove(UNANSWERED);
    return state;
  }

  /**
   * Offers the choices; with {@code offerAppeal} (a long message describing a problem, or one that
   * mentions a complaint) also the appeal.
   */
  private Plan clarify(Conversation c, AnswerEngine engine, Phrases phrases, String language, Decision decision, Instant now,
      boolean offerAppeal, String text) {
    List<QuickReply> choices = new ArrayList<>();
    JsonArray pending = new JsonArray();
    for (Candidate candidate : decision.candidates()) {
      Article article = engine.knowledgeBase().article(candidate.articleId()).orElseThrow();
      String title = textFor(article, language, engine).title();
      choices.add(new QuickReply(title, ARTICLE + article.id()));
      pending.add(new JsonObject().put("articleId", article.id()).put("title", title));
    }
    JsonObject next = c.state().copy().put("pending", pending).putNull("lastArticle");
    next.remove(UNANSWERED);
    if (offerAppeal) {
      choices.add(new QuickReply(phrases.text(language, "noAnswer.appeal"), REQUEST_APPEAL));
      remember(next, text);
    }
    Candidate best = decision.candidates().get(0);
    return new Plan(c.with(language, now, next), language, Outcome.CLARIFY, new Match(best.articleId(), decision.confidence()),
        List.of(new Reply(phrases.text(language, "clarify.prompt"), choices)), null);
  }

  private Plan noAnswer(Conversation c, Phrases phrases, String language, AnswerFeedback verdict) {
    return new Plan(c, language, Outcome.NO_ANSWER, null,
        List.of(new Reply(phrases.text(language, "noAnswer.text"), offers(phrases, language))), verdict);
  }

  private static List<QuickReply> offers(Phrases phrases, String language) {
    return List.of(
        new QuickReply(phrases.text(language, "noAnswer.appeal"), REQUEST_APPEAL),
        new QuickReply(phrases.text(language, "noAnswer.operator"), REQUEST_OPERATOR));
  }

  /** The article's text in the person's language, else in the language it was searched in, else any. */
  private static ArticleText textFor(Article article, String language, AnswerEngine engine) {
    return article.text(language)
        .or(() -> article.text(engine.searchLanguage(language)))
        .orElseGet(() -> article.texts().values().iterator().next());
  }

  private static String pickByText(JsonArray pending, String text) {
    if (pending == null || pending.isEmpty()) return null;
    String t = Phrases.normalise(text);
    if (t.matches("[1-9]")) {
      int index = Integer.parseInt(t) - 1;
      return index < pending.size() ? pending.getJsonObject(index).getString("articleId") : null;
    }
    for (Object o : pending) {
      JsonObject choice = (JsonObject) o;
      if (Phrases.normalise(choice.getString("title")).equals(t)) return choice.getString("articleId");
    }
    return null;
  }

  private String defaultLanguage(Understanding u) {
    return u.detector().supported().contains(fallbackLanguage)
        ? fallbackLanguage
        : u.detector().supported().iterator().next();
  }

  /** Runs work on a conversation after the earlier work of this instance on it, holding the conversation's lease. */
  private <T> Future<T> inOrder(String key, Supplier<Future<T>> work) {
    Promise<Void> done = Promise.promise();
    Future<?> previous = queues.put(key, done.future());
    Future<Void> start = previous == null ? Future.succeededFuture() : previous.transform(ignored -> Future.succeededFuture());
    Future<T> result = start.compose(v -> leases.holding(key, work));
    result.onComplete(ignored -> {
      queues.remove(key, done.future());
      done.complete();
    });
    return result;
  }

  private static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

}
