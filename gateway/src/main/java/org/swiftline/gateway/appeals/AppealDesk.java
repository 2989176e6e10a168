package org.swiftline.gateway.appeals;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.Outcome;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.Reply;
import org.swiftline.gateway.knowledge.Category;
import org.swiftline.gateway.knowledge.Department;
import org.swiftline.gateway.knowledge.KnowledgeBase;
import org.swiftline.gateway.retrieval.AnswerEngine;
import org.swiftline.gateway.retrieval.Decision;
import org.swiftline.gateway.retrieval.TextSimilarity;
import org.swiftline.gateway.store.AppealQuery;
import org.swiftline.gateway.store.AppealStore;
import org.swiftline.gateway.store.StaleAppeal;

/**
 * Where appeals are handled: files what the conversation collected (classified, routed, stored durably,
 * and only then acknowledged with its number), answers citizens about their own appeals, carries out
 * staff actions with their audit trail, and notifies citizens in their conversation of every change that
 * matters to them. Classification runs on the engine's worker pool; storage on the store's.
 */
public final class AppealDesk {
  private static final System.Logger LOG = System.getLogger("swiftline.appeals");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
  private static final int STALE_RETRIES = 3;
  private static final int STATUS_LIMIT = 5;

  /** Delivers bot messages into an appeal's conversation (transcript first, then the channel). */
  @FunctionalInterface
  public interface Notifier {
    /** Succeeds once the messages are in the conversation's transcript. */
    Future<Void> notify(Appeal appeal, List<Reply> messages);
  }

  /** What the desk knows for one knowledge-base snapshot. */
  private record Knowledge(AnswerEngine engine, AppealClassifier classifier, Districts districts, AppealConversation conversation) {}

  private final AppealStore store;
  private final WorkerExecutor workers;
  private final Supplier<AnswerEngine> engines;
  private final Path knowledgeBaseFolder;
  private final Path cacheDirectory;
  private final Texts texts;
  private final Set<String> languages;
  private final Lifecycle lifecycle;
  private final Clock clock;
  private final SimilarAppeals similar;
  private volatile Knowledge knowledge;
  private volatile Notifier notifier = (appeal, messages) -> Future.succeededFuture();

  /**
   * @param engines the serving answer engine (the knowledge base of the moment)
   * @param knowledgeBaseFolder where {@code districts.yaml} is read from
   * @param cacheDirectory where the trained classifier is cached
   * @param languages the deployment's languages, whose phrases steer the conversation (plus the knowledge base's)
   */
  public AppealDesk(
      AppealStore store, WorkerExecutor workers, Supplier<AnswerEngine> engines, Path knowledgeBaseFolder,
      Path cacheDirectory, Texts texts, Set<String> languages, Clock clock) {
    this.store = store;
    this.workers = workers;
    this.engines = engines;
    this.knowledgeBaseFolder = knowledgeBaseFolder;
    this.cacheDirectory = cacheDirectory;
    this.texts = texts;
    this.languages = Set.copyOf(languages);
    this.lifecycle = new Lifecycle(clock);
    this.clock = clock;
    this.similar = new SimilarAppeals(store, workers, new TextSimilarity());
  }

  /** Sends notifications through {@code notifier} from now on. */
  public void notifyWith(Notifier notifier) {
    this.notifier = notifier;
  }

  public AppealStore store() {
    return store;
  }

  public Lifecycle lifecycle() {
    return lifecycle;
  }

  /** The knowledge base serving now; fails when it is still loading. */
  public KnowledgeBase knowledgeBase() {
    AnswerEngine engine = engines.get();
    if (engine == null) throw new IllegalStateException("the knowledge base is still loading");
    return engine.knowledgeBase();
  }

  /** Trains the classifier for {@code engine} on a worker; succeeds once it is ready. */
  public Future<Void> prepare(AnswerEngine engine) {
    return workers.executeBlocking(() -> {
      knowledge(engine);
      return null;
    }, false);
  }

  /** The appeal conversation for {@code engine}'s knowledge base. Blocking the first time: for worker threads. */
  public AppealConversation conversation(AnswerEngine engine) {
    return knowledge(engine).conversation();
  }

  /** The districts for {@code engine}'s knowledge base. Blocking the first time: for worker threads. */
  public Districts districts(AnswerEngine engine) {
    return knowledge(engine).districts();
  }

  /** The classifier for {@code engine}'s knowledge base. Blocking the first time: for worker threads. */
  public AppealClassifier classifier(AnswerEngine engine) {
    return knowledge(engine).classifier();
  }

  private Knowledge knowledge(AnswerEngine engine) {
    Knowledge k = knowledge;
    if (k != null && k.engine() == engine) return k;
    synchronized (this) {
      k = knowledge;
      if (k != null && k.engine() == engine) return k;
      long t0 = System.nanoTime();
      KnowledgeBase kb = engine.knowledgeBase();
      AppealClassifier classifier = AppealClassifier.train(kb, cacheDirectory);
      Districts districts = Districts.load(knowledgeBaseFolder);
      Set<String> phraseLanguages = new TreeSet<>(languages);
      phraseLanguages.addAll(kb.languages());
      k = new Knowledge(engine, classifier, districts,
          new AppealConversation(texts, new AppealPhrases(phraseLanguages), districts));
      knowledge = k;
      LOG.log(System.Logger.Level.INFO, "appeals.classifier.ready categories={0} threshold={1} heldOutAccuracy={2} ms={3}",
          classifier.categories().size(), String.format("%.2f", classifier.threshold()),
          String.format("%.3f", classifier.heldOutAccuracy()), (System.nanoTime() - t0) / 1_000_000);
      return k;
    }
  }

  /**
   * Carries out the request of a conversation step (filing, status, a verdict on a resolution).
   *
   * @return a future that succeeds with the step to answer with; a filing the store refused gives the
   *     "please try again" step with the draft kept, never a failure
   */
  public Future<AppealConversation.Step> perform(
      AppealConversation.Step step, ChannelIdentity citizen, String conversationId, String language, AnswerEngine engine) {
    AppealConversation.Request request = step.request();
    if (request instanceof AppealConversation.File f) {
      return fileAndLink(f.draft(), citizen, conversationId, language, engine, null, "citizen")
          .map(filed -> new AppealConversation.Step(step.state(), Outcome.APPEAL_FILED,
              List.of(Reply.text(filedText(filed, language, engine.knowledgeBase()))), null))
          .recover(e -> {
            LOG.log(System.Logger.Level.WARNING, "appeals.file.failed conversation=" + conversationId, e);
            return Future.succeededFuture(new AppealConversation.Step(f.stateIfFailed(), Outcome.APPEAL_COLLECTING,
                List.of(new Reply(texts.text(language, "appeal.fileFailed"), List.of(
                    new QuickReply(texts.text(language, "appeal.button.confirm"), AppealConversation.CONFIRM),
                    new QuickReply(texts.text(language, "appeal.button.cancel"), AppealConversation.CANCEL)))), null));
          });
    }
    if (request instanceof AppealConversation.Status s) {
      return status(citizen, s.number(), language, engine.knowledgeBase())
          .map(replies -> new AppealConversation.Step(step.state(), Outcome.APPEAL_STATUS, replies, null));
    }
    if (request instanceof AppealConversation.Verdict v) {
      return verdict(citizen, v, language, engine.knowledgeBase())
          .map(replies -> new AppealConversation.Step(asksRating(replies)
              ? AppealConversation.awaitingRating(step.state(), v.number()) : step.state(),
              Outcome.APPEAL_STATUS, replies, null));
    }
    if (request instanceof AppealConversation.Rate r) {
      return rate(citizen, r, language)
          .map(replies -> new AppealConversation.Step(step.state(), Outcome.APPEAL_STATUS, replies, null));
    }
    return Future.succeededFuture(step);
  }

  /**
   * Files a collected appeal: classifies it, routes it when the classifier is confident (else it waits in
   * triage), takes a number and stores it with its audit trail.
   *
   * @return a future that succeeds with the stored appeal once it is durable (the one stored before, if
   *     this draft was already filed)
   */
  public Future<Appeal> file(AppealDraft draft, ChannelIdentity citizen, String conversationId, String language, AnswerEngine engine) {
    return file(draft, citizen, conversationId, language, engine, null, "citizen");
  }

  /**
   * Files an appeal whose category is already known (an Open311 request names its service), or classifies
   * it when {@code category} is {@code null}; a missing district is looked for in the address.
   *
   * @param filedBy the actor of the first audit-trail line
   */
  public Future<Appeal> file(
      AppealDraft given, ChannelIdentity citizen, String conversationId, String language, AnswerEngine engine,
      String category, String filedBy) {
    return fileAndLink(given, citizen, conversationId, language, engine, category, filedBy).map(Filed::appeal);
  }

  /** A stored appeal and the numbers of its group of similar open appeals, oldest first (itself when alone). */
  private record Filed(Appeal appeal, List<String> group) {}

  private Future<Filed> fileAndLink(
      AppealDraft given, ChannelIdentity citizen, String conversationId, String language, AnswerEngine engine,
      String category, String filedBy) {
    Future<AppealDraft> located = given.district() != null || given.address() == null
        ? Future.succeededFuture(given)
        : workers.executeBlocking(() -> knowledge(engine).districts().find(given.address())
            .map(d -> given.withDistrict(d.id())).orElse(given), false);
    return located.compose(draft -> classifyAndStore(draft, citizen, conversationId, language, engine, category, filedBy))
        .compose(appeal -> similar.link(appeal).map(group -> new Filed(appeal, group)));
  }

  private Future<Appeal> classifyAndStore(
      AppealDraft draft, ChannelIdentity citizen, String conversationId, String language, AnswerEngine engine,
      String category, String filedBy) {
    Future<AppealClassifier.Result> classified = category != null
        ? Future.succeededFuture(new AppealClassifier.Result(category, 1.0, true))
        : workers.executeBlocking(() -> classify(draft.what(), language, engine), false);
    return classified.compose(classifiedResult -> {
      // A category the language model proposed (a known id) decides when the classifier is not confident.
      boolean proposed = !classifiedResult.confident() && draft.category() != null
          && engine.knowledgeBase().categories().containsKey(draft.category());
      AppealClassifier.Result result = proposed
          ? new AppealClassifier.Result(draft.category(), classifiedResult.confidence(), true) : classifiedResult;
      Instant now = clock.instant();
      KnowledgeBase kb = engine.knowledgeBase();
      String department = result.confident()
          ? Routing.department(kb, result.category(), draft.district()).orElse(null) : null;
      return store.nextNumber(now).compose(number -> {
        Appeal received = new Appeal(number, citizen, conversationId, language, result.category(),
            clamp(result.confidence()), null, draft.district(), draft.address(), draft.what(), draft.when(),
            Boolean.TRUE.equals(draft.consent()) ? draft.phone() : null, Boolean.TRUE.equals(draft.consent()),
            AppealStatus.RECEIVED, null, now, now, 1);
        List<AuditEntry> trail = new ArrayList<>();
        trail.add(new AuditEntry(number, now, filedBy, null, AppealStatus.RECEIVED, null));
        Appeal stored = received;
        if (department != null) {
          Change routed = lifecycle.route(received, department, "router",
              "category " + result.category() + (proposed ? " (proposed by the language model)"
                  : String.format(" (confidence %.2f)", result.confidence())));
          stored = routed.after();
          trail.add(routed.entry());
        } else {
          trail.add(new AuditEntry(number, now, "router", AppealStatus.RECEIVED, AppealStatus.RECEIVED,
              "to triage: " + (result.category() == null ? "no category" : String.format("best category %s (confidence %.2f)",
                  result.category(), result.confidence()))));
        }
        return store.insert(stored, trail, draft.key());
      });
    }).onSuccess(a -> LOG.log(System.Logger.Level.INFO, "appeals.filed number={0} category={1} department={2}",
        a.number(), a.category(), a.department()));
  }

  /** The classification of an appeal text: the categorizer with the answer engine's vote. Blocking. */
  public AppealClassifier.Result classify(String text, String language, AnswerEngine engine) {
    Knowledge k = knowledge(engine);
    Decision decision = engine.decide(text, language);
    AppealClassifier.Vote vote = null;
    if (decision.kind() != Decision.Kind.NONE && !decision.candidates().isEmpty()) {
      String category = engine.knowledgeBase().article(decision.candidates().get(0).articleId())
          .map(a -> a.category()).orElse(null);
      if (category != null) vote = new AppealClassifier.Vote(category, decision.confidence());
    }
    return k.classifier().classify(text, vote);
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private String filedText(Filed filed, String language, KnowledgeBase kb) {
    Appeal a = filed.appeal();
    String text = a.department() == null
        ? texts.text(language, "appeal.filed.triage", a.number())
        : texts.text(language, "appeal.filed", a.number(), departmentName(kb, a.department(), language));
    if (filed.group().size() > 1) text += "\n\n" + texts.text(language, "appeal.filed.similar", filed.group().size());
    return text;
  }

  private Future<List<Reply>> status(ChannelIdentity citizen, String number, String language, KnowledgeBase kb) {
    if (number != null) {
      return store.find(number).map(found -> {
        if (found.isEmpty() || !found.get().citizen().equals(citizen)) {
          return List.of(Reply.text(texts.text(language, "appeal.status.notFound", number)));
        }
        return List.of(statusReply(List.of(found.get()), language, kb));
      });
    }
    return store.search(AppealQuery.ofCitizen(citizen, STATUS_LIMIT)).map(mine -> mine.isEmpty()
        ? List.of(Reply.text(texts.text(language, "appeal.status.none")))
        : List.of(statusReply(mine, language, kb)));
  }

  private Reply statusReply(List<Appeal> appeals, String language, KnowledgeBase kb) {
    StringBuilder text = new StringBuilder(texts.text(language, "appeal.status.header"));
    List<QuickReply> choices = new ArrayList<>();
    for (Appeal a : appeals) {
      text.append("\n\n").append(texts.text(language, "appeal.status.line", a.number(), categoryName(kb, a.category(), language),
          DAY.format(a.createdAt()), statusText(a, language, kb)));
      if (a.resolution() != null && (a.status() == AppealStatus.RESOLVED || a.status() == AppealStatus.CLOSED)) {
        text.append("\n").append(texts.text(language, "appeal.status.reply", a.resolution()));
      }
      if (a.status() == AppealStatus.RESOLVED && appeals.size() == 1) choices.addAll(verdictChoices(a, language));
    }
    return new Reply(text.toString(), choices);
  }

  /** The status of an appeal in the citizen's words: "sent to ...", "resolved by ...". */
  public String statusText(Appeal a, String language, KnowledgeBase kb) {
    String department = a.department() == null ? "" : departmentName(kb, a.department(), language);
    return texts.text(language, "appeal.status." + a.status().wire(), department);
  }

  private List<QuickReply> verdictChoices(Appeal a, String language) {
    return List.of(new QuickReply(texts.text(language, "appeal.button.solved"), AppealConversation.SOLVED + a.number()),
        new QuickReply(texts.text(language, "appeal.button.unsolved"), AppealConversation.UNSOLVED + a.number()));
  }

  private Future<List<Reply>> verdict(ChannelIdentity citizen, AppealConversation.Verdict v, String language, KnowledgeBase kb) {
    return store.find(v.number()).compose(found -> {
      if (found.isEmpty() || !found.get().citizen().equals(citizen)) {
        return Future.succeededFuture(List.of(Reply.text(texts.text(language, "appeal.status.notFound", v.number()))));
      }
      if (found.get().status() != AppealStatus.RESOLVED) {
        return Future.succeededFuture(List.of(Reply.text(texts.text(language, "appeal.verdict.late", v.number(),
            statusText(found.get(), language, kb)))));
      }
      Function<Appeal, Change> action = v.solved()
          ? a -> lifecycle.close(a, "citizen", "the citizen says the problem is solved")
          : a -> lifecycle.reopen(a, "citizen", "the citizen says the problem is not solved");
      return act(v.number(), action, false).map(a -> List.of(Reply.text(v.solved()
          ? texts.text(language, "appeal.verdict.closed", a.number())
          : texts.text(language, "appeal.verdict.reopened", a.number(), departmentName(kb, a.department(), language))),
          ratingQuestion(a.number(), language)));
    });
  }

  private static boolean asksRating(List<Reply> replies) {
    return replies.stream().anyMatch(r -> r.quickReplies().stream().anyMatch(q -> q.payload().startsWith(AppealConversation.RATE)));
  }

  /** "How satisfied are you ...?" with the choices 1 to 5. */
  private Reply ratingQuestion(String number, String language) {
    List<QuickReply> choices = new ArrayList<>();
    for (int i = 1; i <= 5; i++) choices.add(new QuickReply(String.valueOf(i), AppealConversation.RATE + number + ":" + i));
    return new Reply(texts.text(language, "appeal.rate.ask", number), choices);
  }

  /** Records the citizen's 1-to-5 rating of an appeal of theirs that was resolved. */
  private Future<List<Reply>> rate(ChannelIdentity citizen, AppealConversation.Rate r, String language) {
    return store.find(r.number()).compose(found -> {
      if (found.isEmpty() || !found.get().citizen().equals(citizen)) {
        return Future.succeededFuture(List.of(Reply.text(texts.text(language, "appeal.status.notFound", r.number()))));
      }
      if (found.get().resolution() == null) {
        return Future.succeededFuture(List.of(Reply.text(texts.text(language, "appeal.rate.notYet", r.number()))));
      }
      return store.rate(r.number(), r.satisfaction(), clock.instant())
          .onSuccess(v -> LOG.log(System.Logger.Level.INFO, "appeals.rated number={0} satisfaction={1}", r.number(), r.satisfaction()))
          .map(v -> List.of(Reply.text(texts.text(language, "appeal.rate.thanks", r.number(), r.satisfaction()))));
    });
  }

  /**
   * Applies a staff or citizen action to the stored appeal and stores it, retrying when someone else
   * changed it meanwhile; then notifies the citizen if the change matters to them.
   *
   * @return a future that succeeds with the new version, or fails with {@link ForbiddenTransition} (the
   *     status does not allow it), {@link IllegalArgumentException} (bad input), {@link NoSuchAppeal}
   */
  public Future<Appeal> act(String number, Function<Appeal, Change> action) {
    return act(number, action, true);
  }

  private Future<Appeal> act(String number, Function<Appeal, Change> action, boolean notify) {
    return attempt(number, action, STALE_RETRIES).compose(change -> {
      if (!notify) return Future.succeededFuture(change.after());
      return notifyCitizen(change).transform(ignored -> Future.succeededFuture(change.after()));
    });
  }

  private Future<Change> attempt(String number, Function<Appeal, Change> action, int retries) {
    return store.find(number).compose(found -> {
      if (found.isEmpty()) return Future.failedFuture(new NoSuchAppeal(number));
      Change change;
      try {
        change = action.apply(found.get());
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return store.update(change).map(stored -> change).recover(e -> e instanceof StaleAppeal && retries > 0
          ? attempt(number, action, retries - 1) : Future.failedFuture(e));
    });
  }

  /** Tells the citizen about a change that matters to them, in their language; succeeds even if delivery fails. */
  private Future<Void> notifyCitizen(Change change) {
    Appeal a = change.after();
    if (a.conversationId() == null || change.before().status() == a.status()) return Future.succeededFuture();
    String language = a.language();
    KnowledgeBase kb;
    try {
      kb = knowledgeBase();
    } catch (IllegalStateException loading) {
      return Future.succeededFuture();
    }
    String department = a.department() == null ? "" : departmentName(kb, a.department(), language);
    Reply reply = switch (a.status()) {
      case DISPATCHED -> Reply.text(texts.text(language, "appeal.notify.dispatched", a.number(), department));
      case IN_PROGRESS -> Reply.text(texts.text(language, "appeal.notify.in_progress", a.number(), department));
      case RESOLVED -> new Reply(texts.text(language, "appeal.notify.resolved", a.number(), department, a.resolution()),
          verdictChoices(a, language));
      case REJECTED -> Reply.text(texts.text(language, "appeal.notify.rejected", a.number(),
          change.entry().note() == null ? "" : change.entry().note()));
      default -> null;
    };
    if (reply == null) return Future.succeededFuture();
    return notifier.notify(a, List.of(reply)).recover(e -> {
      LOG.log(System.Logger.Level.WARNING, "appeals.notify.failed number=" + a.number(), e);
      return Future.succeededFuture();
    });
  }

  /** The department's name in {@code language}, else its id. */
  public static String departmentName(KnowledgeBase kb, String id, String language) {
    Department d = kb.departments().get(id);
    return d == null ? id : d.name(language);
  }

  /** The district's name in {@code language}, else its id (also before the knowledge base has loaded). */
  public String districtName(String id, String language) {
    Knowledge k = knowledge;
    if (k == null || id == null) return id;
    return k.districts().byId(id).map(d -> d.name(language)).orElse(id);
  }

  /** The category's name in {@code language} (else English, else its id), or "-" for none. */
  public static String categoryName(KnowledgeBase kb, String id, String language) {
    if (id == null) return "-";
    Category c = kb.categories().get(id);
    if (c == null) return id;
    return c.names().getOrDefault(language, c.names().getOrDefault("en", id));
  }
}
