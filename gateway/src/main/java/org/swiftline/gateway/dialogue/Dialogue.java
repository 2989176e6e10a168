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
import org.swiftline.gateway.retrieval.AnswerEngine;
import org.swiftline.gateway.retrieval.Candidate;
import org.swiftline.gateway.retrieval.Decision;
import org.swiftline.gateway.retrieval.LiveEngine;
import org.swiftline.gateway.store.AnswerFeedback;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.ConversationStore;
import org.swiftline.gateway.store.FeedbackStore;
import org.swiftline.gateway.store.NewEntry;

/**
 * The conversation: for each message, settles the language, recognises requests (operator, appeal,
 * "that didn't help", a pick among offered choices), otherwise asks the answer engine, and records the
 * turn. An appeal is collected over several turns by {@link AppealConversation} and filed by
 * {@link AppealDesk} before the turn that acknowledges it is recorded. Messages of one conversation are
 * handled one at a time, in arrival order. Language detection and retrieval run on the engine's worker
 * pool; storage on the store's.
 */
public final class Dialogue implements ConversationHandler {
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
  private final Map<String, Future<?>> queues = new ConcurrentHashMap<>();
  private volatile Understanding understanding;

  /** The language detector and phrases that go with one engine snapshot. */
  private record Understanding(AnswerEngine engine, LanguageDetector detector, Phrases phrases) {}

  /** What one turn decided, before it is stored; {@code appeal} when the turn is about appeals. */
  private record Plan(
      Conversation conversation, String language, Outcome outcome, Match match, List<Reply> replies, AnswerFeedback feedback,
      AppealConversation.Step appeal) {
    Plan(Conversation conversation, String language, Outcome outcome, Match match, List<Reply> replies, AnswerFeedback feedback) {
      this(conversation, language, outcome, match, replies, feedback, null);
    }
  }

  /**
   * @param configuredLanguages the deployment's languages ({@code SWIFTLINE_LANGUAGES}); empty means the
   *     knowledge base's languages
   */
  public Dialogue(
      LiveEngine live, ConversationStore conversations, FeedbackStore feedback, AppealDesk appeals, WorkerExecutor workers,
      LanguageDetectorModel languageModel, Set<String> configuredLanguages, String fallbackLanguage, Clock clock) {
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
      return inOrder(fresh.id(), () -> turn(fresh, message, engine));
    }
    return inOrder(message.conversationId(), () -> owned(message.from(), message.conversationId())
        .compose(c -> turn(c, message, engine)));
  }

  @Override
  public Future<List<TranscriptEntry>> transcript(ChannelIdentity who, String conversationId, long afterSeq) {
    return owned(who, conversationId).compose(c -> conversations.transcript(conversationId, afterSeq, 1000));
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
    return inOrder(conversationId, () -> owned(owner, conversationId).compose(c -> {
      Instant now = clock.instant();
      List<NewEntry> entries = new ArrayList<>();
      for (Reply r : replies) entries.add(new NewEntry("bot", r.text(), r.quickReplies(), c.language(), null, null, now));
      return conversations.record(c.with(c.language(), now, c.state()), entries);
    }));
  }

  private Future<Turn> turn(Conversation conversation, InboundMessage message, AnswerEngine engine) {
    return workers.executeBlocking(() -> plan(conversation, message, understand(engine)), false)
        .compose(plan -> plan.appeal() == null || plan.appeal().request() == null
            ? Future.succeededFuture(plan)
            : appeals.perform(plan.appeal(), conversation.owner(), conversation.id(), plan.language(), engine)
                .map(done -> new Plan(plan.conversation().with(plan.language(), clock.instant(), done.state()),
                    plan.language(), done.outcome(), null, done.replies(), null)))
        .compose(plan -> {
          Instant now = clock.instant();
          List<NewEntry> entries = new ArrayList<>();
          entries.add(new NewEntry("user", message.text(), List.of(), plan.language(), null, null, message.receivedAt()));
          String articleId = plan.match() == null ? null : plan.match().articleId();
          for (Reply r : plan.replies()) {
            entries.add(new NewEntry("bot", r.text(), r.quickReplies(), plan.language(), plan.outcome().wire(), articleId, now));
          }
          Future<List<TranscriptEntry>> stored = conversations.record(plan.conversation(), entries);
          Future<Void> feedbackStored = plan.feedback() == null ? Future.succeededFuture() : feedback.record(plan.feedback());
          return Future.all(stored, feedbackStored).map(done -> {
            List<TranscriptEntry> written = stored.result();
            long lastSeq = written.get(written.size() - 1).seq();
            return new Turn(plan.conversation().id(), plan.language(), plan.outcome(), plan.match(), plan.replies(), lastSeq);
          });
        });
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
    return switch (decision.kind()) {
      case ANSWER -> answer(conversation, engine, phrases, language, decision.candidates().get(0).articleId(),
          decision.confidence(), now);
      case CLARIFY -> clarify(conversation, engine, phrases, language, decision, now, describesProblem, message.text());
      case NONE -> noAnswer(conversation.with(language, now, remember(state.copy().putNull("lastArticle").putNull("pending"),
          describesProblem ? message.text() : null)), phrases, language, null);
    };
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

  private <T> Future<T> inOrder(String key, Supplier<Future<T>> work) {
    Promise<Void> done = Promise.promise();
    Future<?> previous = queues.put(key, done.future());
    Future<Void> start = previous == null ? Future.succeededFuture() : previous.transform(ignored -> Future.succeededFuture());
    Future<T> result = start.compose(v -> work.get());
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
