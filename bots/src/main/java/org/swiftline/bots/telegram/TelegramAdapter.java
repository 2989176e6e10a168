package org.swiftline.bots.telegram;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.swiftline.bots.ChannelAdapter;
import org.swiftline.bots.ChannelState;
import org.swiftline.bots.ChannelTexts;
import org.swiftline.bots.ConversationHandler;
import org.swiftline.bots.InboundMessage;
import org.swiftline.bots.KeyedQueue;
import org.swiftline.bots.LanguageTags;
import org.swiftline.bots.Leadership;
import org.swiftline.bots.Outbound;
import org.swiftline.bots.RejectedMessage;
import org.swiftline.bots.Turn;
import org.swiftline.bots.telegram.TelegramMapping.Incoming;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.longpolling.TelegramBotsLongPollingApplication;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.GetUpdates;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.api.objects.Update;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * The Telegram channel: takes updates by long polling (TelegramBots' {@code telegrambots-longpolling}) or,
 * when a webhook URL is set, on our own route that checks Telegram's secret token; hands messages to the
 * {@link ConversationHandler} and sends the replies through {@link TelegramOutbox}.
 *
 * <p>Bot API: <a href="https://core.telegram.org/bots/api#getupdates">getUpdates</a>,
 * <a href="https://core.telegram.org/bots/api#setwebhook">setWebhook</a> (and its
 * {@code X-Telegram-Bot-Api-Secret-Token}), <a href="https://core.telegram.org/bots/api#sendmessage">sendMessage</a>,
 * <a href="https://core.telegram.org/bots/api#answercallbackquery">answerCallbackQuery</a>,
 * <a href="https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this">limits</a>.
 *
 * <p>Each chat is one conversation: the chat's state (its conversation id, the last update handled, the
 * language picked with {@code /lang}) is kept in {@link ChannelState} under
 * {@code telegram:<botId>:chat:<chatId>}, so an update delivered twice (after a restart, a timeout or a
 * webhook retry) is handled once, and messages of one chat are handled one at a time in order. In polling
 * mode the last update of each fully handled batch is kept under {@code telegram:<botId>:offset}, and the
 * next batch is only asked for (which confirms the previous one to Telegram) once a batch is handled.
 * Of several gateway instances, only the one that {@link Leadership} elects polls; another takes over,
 * from the saved offset, when it stops or dies.
 */
public final class TelegramAdapter implements ChannelAdapter {
  private static final System.Logger LOG = System.getLogger("swiftline.telegram");
  public static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  private static final List<String> ALLOWED_UPDATES = List.of("message", "callback_query");
  private static final long MAX_BODY_BYTES = 1024 * 1024;
  private static final long BATCH_WAIT_MINUTES = 5;

  private final Vertx vertx;
  private final Context context;
  private final TelegramOptions options;
  private final ConversationHandler handler;
  private final ChannelState state;
  private final Leadership leadership;
  private final ChannelTexts texts;
  private final Supplier<List<String>> languages;
  private final Clock clock;
  private final WorkerExecutor worker;
  private final OkHttpClient http;
  private final TelegramOutbox outbox;
  private final KeyedQueue chats = new KeyedQueue();
  private final ObjectMapper json = new ObjectMapper();
  private volatile long polledUpTo;
  private volatile boolean stopped;
  private volatile TelegramBotsLongPollingApplication polling;
  private volatile ScheduledExecutorService pollThread;
  private volatile OkHttpClient pollHttp;
  private long reconnectTimer = -1;
  private Leadership.Candidacy candidacy;

  /** What the channel remembers about one chat. */
  record ChatState(String conversationId, long lastUpdateId, String language) {
    static ChatState parse(Optional<String> stored) {
      if (stored.isEmpty()) return new ChatState(null, 0, null);
      JsonObject o = new JsonObject(stored.get());
      return new ChatState(o.getString("conversationId"), o.getLong("lastUpdateId", 0L), o.getString("language"));
    }

    String encode() {
      return new JsonObject().put("conversationId", conversationId).put("lastUpdateId", lastUpdateId)
          .put("language", language).encode();
    }
  }

  /**
   * @param leadership which gateway instance runs long polling (one at a time); webhook mode needs none
   * @param languages the languages offered by {@code /lang} (the deployment's, as primary subtags)
   */
  public TelegramAdapter(
      Vertx vertx, TelegramOptions options, ConversationHandler handler, ChannelState state, Leadership leadership,
      ChannelTexts texts, Supplier<List<String>> languages, Clock clock) {
    this.leadership = leadership;
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.options = options;
    this.handler = handler;
    this.state = state;
    this.texts = texts;
    this.languages = languages;
    this.clock = clock;
    this.worker = vertx.createSharedWorkerExecutor("swiftline-telegram-" + options.botId(), 8);
    this.http = new OkHttpClient.Builder()
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(30, TimeUnit.SECONDS)
        .writeTimeout(30, TimeUnit.SECONDS)
        .build();
    this.outbox = new TelegramOutbox(vertx, worker,
        new OkHttpTelegramClient(json, http, options.token(), options.telegramUrl()), options);
  }

  @Override
  public String name() {
    return TelegramMapping.CHANNEL;
  }

  /** In webhook mode, serves {@code POST <path of the webhook URL>}; in polling mode, nothing. */
  @Override
  public void mount(Router router) {
    if (!options.webhook()) return;
    router.post(options.webhookUrl().getRawPath())
        .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES))
        .handler(this::webhook);
  }

  /**
   * Checks the token with {@code getMe}, then registers the webhook or starts long polling. Fails when
   * Telegram refuses the token; when Telegram cannot be reached, succeeds and keeps trying in the
   * background (the rest of the gateway serves meanwhile).
   */
  @Override
  public Future<Void> start() {
    return state.get(offsetKey())
        .map(stored -> {
          polledUpTo = stored.map(Long::parseLong).orElse(0L);
          return null;
        })
        .compose(v -> connect())
        .recover(e -> {
          if (refusedToken(e)) {
            return Future.failedFuture(new IllegalStateException(
                "SWIFTLINE_TELEGRAM_TOKEN: Telegram refused the bot token (" + e.getMessage() + ")", e));
          }
          LOG.log(System.Logger.Level.WARNING, "telegram.start.retry reason={0}", reason(e));
          scheduleReconnect(2000);
          return Future.succeededFuture();
        });
  }

  private Future<Void> connect() {
    return outbox.call(new GetMe()).compose(me -> {
      if (stopped) return Future.succeededFuture();
      if (options.webhook()) {
        SetWebhook setWebhook = SetWebhook.builder()
            .url(options.webhookUrl().toString())
            .secretToken(options.webhookSecret())
            .allowedUpdates(ALLOWED_UPDATES)
            .build();
        return outbox.setWebhook(setWebhook).map(ok -> {
          LOG.log(System.Logger.Level.INFO, "telegram.started bot={0} mode=webhook", me.getUserName());
          return null;
        });
      }
      // Telegram allows one getUpdates caller per bot: of several instances, the elected one polls.
      if (candidacy == null) {
        candidacy = leadership.stand("telegram:" + options.botId() + ":polling", this::takeOverPolling, this::stopPolling);
      }
      LOG.log(System.Logger.Level.INFO, "telegram.started bot={0} mode=polling", me.getUserName());
      return Future.succeededFuture();
    });
  }

  /** This instance is to poll now: continues after the last update handled by whichever instance polled before. */
  private Future<Void> takeOverPolling() {
    if (stopped) return Future.succeededFuture();
    return state.get(offsetKey())
        .map(stored -> {
          polledUpTo = Math.max(polledUpTo, stored.map(Long::parseLong).orElse(0L));
          return null;
        })
        .compose(v -> startPolling())
        .onSuccess(v -> LOG.log(System.Logger.Level.INFO, "telegram.polling.elected bot={0}", options.botId()))
        .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "telegram.polling.not_started reason={0}", reason(e)));
  }

  /** Another instance polls now (or this one stops): ends long polling here, cancelling the call in flight. */
  private Future<Void> stopPolling() {
    TelegramBotsLongPollingApplication app = polling;
    polling = null;
    try {
      if (app != null) app.close();
    } catch (Exception e) {
      LOG.log(System.Logger.Level.DEBUG, "telegram.poll.stop reason={0}", reason(e));
    }
    if (pollHttp != null) pollHttp.dispatcher().cancelAll();
    if (pollThread != null) pollThread.shutdownNow();
    LOG.log(System.Logger.Level.INFO, "telegram.polling.deposed bot={0}", options.botId());
    return Future.succeededFuture();
  }

  private void scheduleReconnect(long delayMillis) {
    if (stopped) return;
    reconnectTimer = vertx.setTimer(delayMillis, id -> connect().onFailure(e -> {
      LOG.log(System.Logger.Level.WARNING, "telegram.start.retry reason={0}", reason(e));
      scheduleReconnect(Math.min(delayMillis * 2, 60_000));
    }));
  }

  private Future<Void> startPolling() {
    return worker.executeBlocking(() -> {
      pollThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "swiftline-telegram-poll-" + options.botId());
        t.setDaemon(true);
        return t;
      });
      pollHttp = http.newBuilder().readTimeout(options.pollTimeoutSeconds() + 30L, TimeUnit.SECONDS).build();
      TelegramBotsLongPollingApplication app =
          new TelegramBotsLongPollingApplication(ObjectMapper::new, () -> pollHttp, () -> pollThread);
      try {
        app.registerBot(options.token(), options::telegramUrl, this::nextPoll, this::consume);
      } catch (Exception e) {
        app.close();
        pollThread.shutdownNow();
        throw e;
      }
      polling = app;
      return null;
    }, false);
  }

  /** The next {@code getUpdates}: after the last update handled, here or before a restart. */
  private GetUpdates nextPoll(Integer lastReceived) {
    long after = Math.max(lastReceived == null ? 0 : lastReceived, polledUpTo);
    return GetUpdates.builder()
        .offset((int) (after + 1))
        .limit(100)
        .timeout(options.pollTimeoutSeconds())
        .allowedUpdates(ALLOWED_UPDATES)
        .build();
  }

  /** Called by TelegramBots on its polling thread: handles the batch and waits for it, so the next poll confirms it. */
  private void consume(List<Update> updates) {
    if (stopped) return;
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> handleBatch(updates).onComplete(ar -> done.complete(null)));
    try {
      done.get(BATCH_WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.log(System.Logger.Level.WARNING, "telegram.poll.slow_batch updates={0}", updates.size());
    }
  }

  private Future<Void> handleBatch(List<Update> updates) {
    List<Future<Void>> handled = new ArrayList<>();
    long last = polledUpTo;
    for (Update update : updates) {
      handled.add(accept(update));
      last = Math.max(last, update.getUpdateId());
    }
    long upTo = last;
    return Future.join(handled).transform(ar -> {
      polledUpTo = Math.max(polledUpTo, upTo);
      return state.put(offsetKey(), String.valueOf(polledUpTo));
    }).recover(e -> {
      LOG.log(System.Logger.Level.WARNING, "telegram.poll.offset_not_saved reason={0}", reason(e));
      return Future.succeededFuture();
    });
  }

  /**
   * Handles one update, after the earlier ones of its chat.
   *
   * @return a future that succeeds once the update is handled (or was already, or is not for the bot) and
   *     its replies are queued; fails when the dialogue or the store failed, so a webhook call can be retried
   */
  public Future<Void> accept(Update update) {
    Optional<Incoming> read;
    try {
      read = TelegramMapping.read(update, clock.instant());
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "telegram.update.unreadable reason={0}", reason(e));
      return Future.succeededFuture();
    }
    if (read.isEmpty()) return Future.succeededFuture();
    Incoming in = read.get();
    return chats.submit(in.chatId(), () -> handle(in)).onFailure(e ->
        LOG.log(System.Logger.Level.WARNING, "telegram.update.failed reason={0}", reason(e)));
  }

  private Future<Void> handle(Incoming in) {
    String key = chatKey(in.chatId());
    return state.get(key).map(ChatState::parse).compose(chat -> {
      if (in.updateId() <= chat.lastUpdateId()) {
        LOG.log(System.Logger.Level.DEBUG, "telegram.update.duplicate update={0}", in.updateId());
        return Future.succeededFuture();
      }
      if (in.callbackQueryId() != null) {
        outbox.call(TelegramMapping.answer(in.callbackQueryId())).onFailure(e ->
            LOG.log(System.Logger.Level.DEBUG, "telegram.callback.unanswered reason={0}", reason(e)));
      }
      return act(in, chat).compose(result -> {
        ChatState next = new ChatState(result.chat().conversationId(), in.updateId(), result.chat().language());
        return state.put(key, next.encode())
            .recover(e -> {
              LOG.log(System.Logger.Level.WARNING, "telegram.state.not_saved reason={0}", reason(e));
              return Future.succeededFuture();
            })
            .map(v -> {
              outbox.send(in.chatId(), result.messages()); // failures are logged by the outbox
              return null;
            });
      });
    });
  }

  private record Action(ChatState chat, List<SendMessage> messages) {}

  private Future<Action> act(Incoming in, ChatState chat) {
    String chatId = in.chatId();
    String language = chat.language() != null ? chat.language()
        : in.languageHint() != null ? LanguageTags.primary(in.languageHint()) : "en";
    return switch (in.kind()) {
      case START -> Future.succeededFuture(
          new Action(chat, List.of(TelegramMapping.text(chatId, texts.text(language, ChannelTexts.GREETING)))));
      case UNSUPPORTED -> Future.succeededFuture(
          new Action(chat, List.of(TelegramMapping.text(chatId, texts.text(language, ChannelTexts.TEXT_ONLY)))));
      case LANGUAGE -> Future.succeededFuture(language(in, chat, language));
      case MESSAGE -> converse(in, chat);
    };
  }

  private Action language(Incoming in, ChatState chat, String current) {
    List<String> offered = languages.get();
    String asked = in.argument() != null && LanguageTags.isWellFormed(in.argument()) ? LanguageTags.primary(in.argument()) : null;
    if (asked != null && (offered.isEmpty() || offered.contains(asked))) {
      ChatState next = new ChatState(chat.conversationId(), chat.lastUpdateId(), asked);
      return new Action(next, List.of(TelegramMapping.text(in.chatId(), texts.text(asked, ChannelTexts.LANGUAGE_SET))));
    }
    return new Action(chat, List.of(
        TelegramMapping.languageMenu(in.chatId(), texts.text(current, ChannelTexts.LANGUAGE_PROMPT), offered)));
  }

  private Future<Action> converse(Incoming in, ChatState chat) {
    InboundMessage m = in.message();
    String hint = chat.language() != null ? chat.language() : m.languageHint();
    InboundMessage inbound = new InboundMessage(m.from(), chat.conversationId(), m.text(), m.payload(), hint, m.receivedAt());
    Future<Turn> turn = handler.handle(inbound).recover(e -> {
      boolean gone = e instanceof RejectedMessage r && r.reason() == RejectedMessage.Reason.NOT_FOUND;
      if (!gone || inbound.conversationId() == null) return Future.failedFuture(e);
      // the conversation is no longer known (a store was reset): start a new one for this chat
      return handler.handle(new InboundMessage(m.from(), null, m.text(), m.payload(), hint, m.receivedAt()));
    });
    return turn.map(t -> new Action(new ChatState(t.conversationId(), chat.lastUpdateId(), chat.language()),
        TelegramMapping.render(in.chatId(), t.replies())));
  }

  private void webhook(RoutingContext ctx) {
    String given = ctx.request().getHeader(SECRET_HEADER);
    if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
        options.webhookSecret().getBytes(StandardCharsets.UTF_8))) {
      LOG.log(System.Logger.Level.WARNING, "telegram.webhook.unauthorized");
      ctx.fail(401, new IllegalArgumentException("missing or wrong " + SECRET_HEADER));
      return;
    }
    Update update;
    try {
      update = json.readValue(ctx.body().buffer().getBytes(), Update.class);
    } catch (Exception e) {
      ctx.fail(400, new IllegalArgumentException("request body is not a Telegram update"));
      return;
    }
    accept(update).onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().setStatusCode(200).end();
      } else {
        // Telegram retries a failed call later; the update is not marked handled, so it is handled then.
        boolean loading = ar.cause() instanceof RejectedMessage r && r.reason() == RejectedMessage.Reason.UNAVAILABLE;
        ctx.fail(loading ? 503 : 500, ar.cause());
      }
    });
  }

  /** Delivers an operator's reply or a notification to the chat {@code message.to().userId()}. */
  @Override
  public Future<Void> send(Outbound message) {
    String chatId = message.to().userId();
    return outbox.send(chatId, TelegramMapping.renderEntries(chatId, message.entries()));
  }

  /** Stops polling (cancelling the call in flight) and sending; the webhook stays registered with Telegram. */
  @Override
  public Future<Void> stop() {
    stopped = true;
    if (reconnectTimer >= 0) vertx.cancelTimer(reconnectTimer);
    outbox.close();
    // Each of these only flags, cancels or closes sockets: nothing here blocks.
    Future<Void> withdrawn = candidacy == null ? stopPolling() : candidacy.withdraw();
    http.dispatcher().cancelAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    return withdrawn.transform(ar -> worker.close());
  }

  private String chatKey(String chatId) {
    return "telegram:" + options.botId() + ":chat:" + chatId;
  }

  private String offsetKey() {
    return "telegram:" + options.botId() + ":offset";
  }

  private static boolean refusedToken(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TelegramApiRequestException r && r.getErrorCode() != null
          && (r.getErrorCode() == 401 || r.getErrorCode() == 404)) {
        return true;
      }
    }
    return false;
  }

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TelegramApiRequestException r && r.getErrorCode() != null && r.getErrorCode() > 0) {
        return r.getErrorCode() + " " + r.getApiResponse();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
