package org.swiftline.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import opennlp.tools.langdetect.LanguageDetectorModel;
import org.swiftline.bots.Outbound;
import org.swiftline.gateway.analytics.AnalyticsApi;
import org.swiftline.gateway.appeals.AppealApi;
import org.swiftline.gateway.appeals.AppealDesk;
import org.swiftline.gateway.appeals.DepartmentKeys;
import org.swiftline.gateway.appeals.Open311Api;
import org.swiftline.gateway.channels.Channels;
import org.swiftline.gateway.channels.LeaseLeadership;
import org.swiftline.gateway.dialogue.ConversationLeases;
import org.swiftline.gateway.dialogue.Dialogue;
import org.swiftline.gateway.dialogue.Phrases;
import org.swiftline.gateway.http.BearerTokenGuard;
import org.swiftline.gateway.http.FailureHandler;
import org.swiftline.gateway.http.HealthRoutes;
import org.swiftline.gateway.knowledge.KnowledgeBaseWatcher;
import org.swiftline.gateway.language.LanguageDetector;
import org.swiftline.gateway.operators.Accounts;
import org.swiftline.gateway.operators.Assist;
import org.swiftline.gateway.operators.CannedReplies;
import org.swiftline.gateway.operators.OperatorApi;
import org.swiftline.gateway.operators.OperatorQueue;
import org.swiftline.gateway.operators.OperatorSettings;
import org.swiftline.gateway.operators.OperatorSocket;
import org.swiftline.gateway.retrieval.AnswerEngine;
import org.swiftline.gateway.retrieval.Calibrator;
import org.swiftline.gateway.retrieval.Embedders;
import org.swiftline.gateway.retrieval.LiveEngine;
import org.swiftline.gateway.store.StoreFactory;
import org.swiftline.gateway.store.Stores;

/**
 * The gateway: opens the store, starts listening (so that {@code /health/live} answers at once), then
 * loads and indexes the knowledge base on a worker and watches it for changes. Start-up fails, naming the
 * file, setting or port, when any step fails.
 */
public final class GatewayVerticle extends VerticleBase {
  private static final System.Logger LOG = System.getLogger("swiftline.gateway");
  /** How long a dead instance keeps a conversation; turns wait up to twice this for another instance's lease. */
  private static final Duration CONVERSATION_LEASE = Duration.ofSeconds(10);
  /** How long a dead instance keeps Telegram long polling before another takes over. */
  private static final Duration LEADER_LEASE = Duration.ofSeconds(10);

  private final Settings settings;
  private final Clock clock;
  private Stores stores;
  private WorkerExecutor engineWorkers;
  private HttpServer server;
  private KnowledgeBaseWatcher watcher;
  private Channels channels;
  private LiveEngine live;
  private AppealDesk appeals;
  private WorkerExecutor llmWorkers;
  private org.swiftline.gateway.llm.LlmServices llm = org.swiftline.gateway.llm.LlmServices.NONE;
  private Dialogue dialogue;
  private WorkerExecutor passwordWorkers;
  private OperatorQueue operatorQueue;
  private OperatorApi operatorApi;

  public GatewayVerticle(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** The port the server listens on (useful with port 0). */
  public int port() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    // Twice the cores: a short question then waits less behind a long message's passages (measured on 2
    // cores with every text new, 32 clients: p99 74 to 82 ms with 4 threads, 85 to 87 ms with 2)
    int threads = 2 * Math.max(1, Runtime.getRuntime().availableProcessors());
    engineWorkers = vertx.createSharedWorkerExecutor("swiftline-engine", threads);
    Embedders embedders;
    try {
      embedders = Embedders.parse(settings.retrieval().equals("lexical") ? "none" : settings.embeddings(),
          settings.data().resolve("embeddings"));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Calibrator calibrator = new Calibrator(
        settings.precisionTarget(), settings.rejectTarget(), settings.calibrationQueries(), settings.retrieval(),
        settings.outOfScopeShare());
    String calibrationKey = settings.embeddings() + "|" + settings.precisionTarget() + "|" + settings.rejectTarget()
        + "|" + settings.calibrationQueries() + "|" + settings.retrieval() + "|" + settings.outOfScopeShare();
    live = new LiveEngine(engineWorkers, settings.knowledgeBase(), kb -> AnswerEngine.build(
        kb, embedders, calibrator, calibrationKey, settings.data().resolve("cache"), settings.fallbackLanguage()), clock);

    return StoreFactory.open(vertx, settings.store(), settings.data(), settings.redisUrl(), settings.redisPrefix())
        .compose(opened -> {
          stores = opened;
          return engineWorkers.<LanguageDetectorModel>executeBlocking(LanguageDetector::loadModel, false);
        })
        .compose(model -> startLlm().map(model))
        .compose(model -> {
          appeals = new AppealDesk(stores.appeals(), engineWorkers, live::current, settings.knowledgeBase(),
              settings.data().resolve("cache"), new Phrases(settings.languages())::text, settings.languages(), clock);
          dialogue = new Dialogue(live, stores.conversations(), stores.feedback(), appeals, engineWorkers, model,
              settings.languages(), settings.fallbackLanguage(), clock,
              new ConversationLeases(vertx, stores.leases(), CONVERSATION_LEASE, CONVERSATION_LEASE.multipliedBy(2)),
              stores.outage());
          dialogue.assistWith(llm.assistance());
          Phrases phrases = new Phrases(settings.languages());
          channels = Channels.create(vertx, settings.channels(), dialogue, stores.channelState(), phrases::text,
              this::languages, clock, stores.relay(), new LeaseLeadership(vertx, stores.leases(), LEADER_LEASE));
          appeals.notifyWith((appeal, replies) -> dialogue.append(appeal.citizen(), appeal.conversationId(), replies)
              .compose(entries -> channels.send(new Outbound(appeal.citizen(), appeal.conversationId(), entries))));
          return engineWorkers.executeBlocking(() -> CannedReplies.load(settings.knowledgeBase()), false);
        })
        .compose(canned -> {
          operators(canned);
          Router router = router();
          channels.mount(router);
          return vertx.createHttpServer().requestHandler(router).listen(settings.port())
              .recover(e -> Future.failedFuture(new IllegalStateException(
                  "cannot listen on port " + settings.port() + ": " + e.getMessage(), e)));
        })
        .compose(listening -> {
          server = listening;
          LOG.log(System.Logger.Level.INFO, "http.listening port={0}", String.valueOf(server.actualPort()));
          return live.reload();
        })
        .compose(engine -> {
          appeals.prepare(engine).onFailure(e -> LOG.log(System.Logger.Level.WARNING, "appeals.classifier.failed", e));
          watcher = new KnowledgeBaseWatcher(vertx, engineWorkers, settings.knowledgeBase(), settings.reloadPeriodMs(),
              () -> live.reload());
          return watcher.start();
        })
        .compose(v -> channels.start());
  }

  /** Builds the optional LLM features on a worker (prompt files are read); nothing without a provider. */
  private Future<Void> startLlm() {
    org.swiftline.gateway.llm.LlmSettings options = settings.llm();
    if (!options.enabled()) return Future.succeededFuture();
    llmWorkers = vertx.createSharedWorkerExecutor("swiftline-llm", options.threads(),
        Math.max(60_000L, options.timeoutMs() * 2L), java.util.concurrent.TimeUnit.MILLISECONDS);
    return engineWorkers.executeBlocking(() -> org.swiftline.gateway.llm.LlmServices.create(
            options, llmWorkers, stores.conversations(), clock), false)
        .map(services -> {
          llm = services;
          LOG.log(System.Logger.Level.INFO, "llm.ready provider={0} model={1} features={2}", options.provider(),
              options.model(), options.features());
          return (Void) null;
        });
  }

  /** The operator console: accounts, the queue the dialogue hands off to, its API and WebSocket. */
  private void operators(CannedReplies canned) {
    OperatorSettings os = settings.operators();
    passwordWorkers = vertx.createSharedWorkerExecutor("swiftline-passwords", 1);
    Phrases phrases = new Phrases(settings.languages());
    Accounts accounts = new Accounts(stores.operators(), passwordWorkers, Duration.ofMinutes(os.sessionMinutes()), clock);
    operatorQueue = new OperatorQueue(stores.operators(), accounts, stores.relay(), dialogue, out -> channels.send(out),
        phrases::text, Duration.ofSeconds(os.languageWaitSeconds()), clock);
    dialogue.handOffWith(operatorQueue);
    operatorQueue.start(vertx);
    OperatorSocket socket = new OperatorSocket(vertx, accounts, operatorQueue, stores.relay(), stores.conversations(), clock);
    operatorApi = new OperatorApi(accounts, operatorQueue, new Assist(live::current, engineWorkers, canned),
        stores.conversations(), appeals, live::current, phrases::text, socket, clock);
  }

  /** The channels that are on, to deliver outbound messages (operators' replies, notifications). */
  public Channels channels() {
    return channels;
  }

  /** The deployment's languages, else the knowledge base's, sorted. */
  private List<String> languages() {
    AnswerEngine engine = live.current();
    Set<String> languages = !settings.languages().isEmpty() || engine == null
        ? settings.languages() : engine.knowledgeBase().languages();
    return languages.stream().sorted().toList();
  }

  private Router router() {
    Router router = Router.router(vertx);
    FailureHandler failures = new FailureHandler();
    router.route().failureHandler(failures);
    router.errorHandler(404, failures);
    router.errorHandler(405, failures);
    router.errorHandler(413, failures);
    HealthRoutes.mount(router, live::ready,
        () -> stores == null ? java.util.Optional.of("the store is not open yet") : stores.outage().get());
    router.get("/api/v1/knowledge-base").handler(ctx -> ctx.json(live.status()));
    org.swiftline.gateway.web.WebRoutes.mount(router);
    DepartmentKeys keys = new DepartmentKeys(stores.appeals(), engineWorkers, clock);
    new AppealApi(appeals, keys, settings.adminToken()).mount(router);
    new Open311Api(appeals, keys, live::current, clock).mount(router);
    BearerTokenGuard adminToken = new BearerTokenGuard(settings.adminToken(), "SWIFTLINE_ADMIN_TOKEN");
    // operators translate and summarise with the model; supervisors read the analytics; scripts use the admin token
    new org.swiftline.gateway.llm.LlmRoutes(settings.llm(), llm,
        operatorApi.sessionOr(org.swiftline.gateway.operators.Role.OPERATOR, adminToken)).mount(router);
    new AnalyticsApi(appeals, stores.feedback(),
        operatorApi.sessionOr(org.swiftline.gateway.operators.Role.SUPERVISOR, adminToken), engineWorkers, clock,
        settings.timeZone()).mount(router);
    operatorApi.mount(router);
    return router;
  }

  @Override
  public Future<?> stop() {
    if (watcher != null) watcher.stop();
    if (operatorQueue != null) operatorQueue.stop(vertx);
    Future<Void> stopped = channels == null ? Future.succeededFuture() : channels.stop();
    return stopped
        .compose(v -> server == null ? Future.succeededFuture() : server.close())
        .compose(v -> stores == null ? Future.succeededFuture() : stores.relay().close())
        .compose(v -> stores == null ? Future.succeededFuture() : stores.close().get())
        .eventually(() -> llmWorkers == null ? Future.succeededFuture() : llmWorkers.close())
        .eventually(() -> passwordWorkers == null ? Future.succeededFuture() : passwordWorkers.close())
        .eventually(() -> engineWorkers == null ? Future.succeededFuture() : engineWorkers.close());
  }
}
