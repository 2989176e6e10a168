package org.swiftline.bots.telegram;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.Serializable;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.swiftline.bots.KeyedQueue;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.updates.SetWebhook;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Sends messages to Telegram within its limits: the messages of one chat in order and at least
 * {@link TelegramOptions#perChatInterval()} apart, at most {@link TelegramOptions#perSecond()} over all
 * chats. A {@code 429} is obeyed by waiting its {@code retry_after}; a failure where Telegram cannot have
 * taken the message (no connection, a 5xx) is retried with doubling pauses; a chat that blocked the bot or
 * no longer exists ({@code 403}, {@code 400 chat not found}) has its message dropped with a log line. A
 * failure after which the message may have arrived (a timeout while waiting for the answer) is not
 * retried, so that nobody gets a message twice; the message stays in the transcript.
 *
 * <p>TelegramBots' calls are synchronous; they run on {@code worker}, never on the event loop.
 */
final class TelegramOutbox {
  private static final System.Logger LOG = System.getLogger("swiftline.telegram");
  private static final int FORGET_CHATS_ABOVE = 10_000;

  /** A message Telegram did not take and that will not be retried. */
  static final class Undeliverable extends RuntimeException {
    Undeliverable(String message, Throwable cause) {
      super(message, cause, false, false);
    }
  }

  private enum Kind { RETRY_AFTER, TRANSIENT, BLOCKED, BAD_MARKUP, REFUSED, AMBIGUOUS }

  private record Failure(Kind kind, long retryAfterMillis, String reason) {}

  private final Vertx vertx;
  private final WorkerExecutor worker;
  private final TelegramClient client;
  private final TelegramOptions options;
  private final KeyedQueue chats = new KeyedQueue();
  private final Map<String, Long> chatReadyNanos = new HashMap<>();
  private final long globalIntervalNanos;
  private long globalNextNanos = System.nanoTime();
  private volatile boolean closed;

  TelegramOutbox(Vertx vertx, WorkerExecutor worker, TelegramClient client, TelegramOptions options) {
    this.vertx = vertx;
    this.worker = worker;
    this.client = client;
    this.options = options;
    this.globalIntervalNanos = 1_000_000_000L / options.perSecond();
  }

  /**
   * Queues {@code messages} for {@code chatId}, after everything queued for it before.
   *
   * @return a future that succeeds once Telegram took every message, and fails with {@link Undeliverable}
   *     when one was dropped (the rest of the batch is dropped with it)
   */
  Future<Void> send(String chatId, List<SendMessage> messages) {
    if (messages.isEmpty()) return Future.succeededFuture();
    return chats.submit(chatId, () -> {
      Future<Void> chain = Future.succeededFuture();
      for (SendMessage message : messages) chain = chain.compose(v -> deliver(chatId, message, 1));
      return chain;
    });
  }

  /** Calls a Bot API method once, on the worker; succeeds with its result, fails with TelegramBots' exception. */
  <T extends Serializable> Future<T> call(BotApiMethod<T> method) {
    if (closed) return Future.failedFuture(new IllegalStateException("the Telegram channel is stopped"));
    return worker.executeBlocking(() -> client.execute(method), false);
  }

  /** Registers the webhook (TelegramBots sends it as a form, apart from other methods). */
  Future<Boolean> setWebhook(SetWebhook method) {
    if (closed) return Future.failedFuture(new IllegalStateException("the Telegram channel is stopped"));
    return worker.executeBlocking(() -> client.execute(method), false);
  }

  void close() {
    closed = true;
  }

  private Future<Void> deliver(String chatId, SendMessage message, int attempt) {
    if (closed) return Future.failedFuture(new Undeliverable("the Telegram channel is stopped", null));
    return after(reserve(chatId))
        .compose(v -> call(message))
        .transform(ar -> {
          holdChat(chatId, options.perChatInterval().toNanos());
          if (ar.succeeded()) return Future.succeededFuture();
          Failure failure = classify(ar.cause());
          boolean again = attempt < options.maxAttempts();
          switch (failure.kind()) {
            case RETRY_AFTER -> {
              holdChat(chatId, failure.retryAfterMillis() * 1_000_000L);
              if (again) {
                LOG.log(System.Logger.Level.INFO, "telegram.send.retry_after seconds={0} attempt={1}",
                    failure.retryAfterMillis() / 1000, attempt);
                return deliver(chatId, message, attempt + 1);
              }
            }
            case TRANSIENT -> {
              if (again) {
                long pause = options.firstBackoff().toMillis() << Math.min(attempt - 1, 16);
                LOG.log(System.Logger.Level.INFO, "telegram.send.retry reason={0} attempt={1} pauseMs={2}",
                    failure.reason(), attempt, pause);
                return after(pause).compose(v -> deliver(chatId, message, attempt + 1));
              }
            }
            case BAD_MARKUP -> {
              if (message.getParseMode() != null) {
                LOG.log(System.Logger.Level.WARNING, "telegram.send.markup_refused reason={0}", failure.reason());
                return deliver(chatId, plainCopy(message), attempt + 1);
              }
            }
            default -> {
              // dropped below
            }
          }
          String event = failure.kind() == Kind.BLOCKED ? "telegram.send.blocked" : "telegram.send.dropped";
          LOG.log(System.Logger.Level.WARNING, "{0} reason={1} attempts={2}", event, failure.reason(), attempt);
          LOG.log(System.Logger.Level.DEBUG, "{0} chat={1}", event, chatId);
          return Future.failedFuture(new Undeliverable(event + ": " + failure.reason(), ar.cause()));
        });
  }

  /** Reserves the next sending slot for a chat; returns how many milliseconds to wait for it. */
  private synchronized long reserve(String chatId) {
    long now = System.nanoTime();
    long ready = Math.max(now, chatReadyNanos.getOrDefault(chatId, now));
    long slot = Math.max(ready, globalNextNanos);
    globalNextNanos = slot + globalIntervalNanos;
    return (slot - now + 999_999) / 1_000_000;
  }

  private synchronized void holdChat(String chatId, long nanos) {
    long now = System.nanoTime();
    chatReadyNanos.merge(chatId, now + nanos, Math::max);
    if (chatReadyNanos.size() > FORGET_CHATS_ABOVE) chatReadyNanos.values().removeIf(at -> at - now < 0);
  }

  private Future<Void> after(long millis) {
    if (millis <= 0) return Future.succeededFuture();
    Promise<Void> promise = Promise.promise();
    vertx.setTimer(millis, id -> promise.complete());
    return promise.future();
  }

  private static SendMessage plainCopy(SendMessage m) {
    return SendMessage.builder()
        .chatId(m.getChatId())
        .text(TelegramMapping.plain(m.getText()))
        .replyMarkup(m.getReplyMarkup())
        .linkPreviewOptions(m.getLinkPreviewOptions())
        .build();
  }

  private static Failure classify(Throwable error) {
    TelegramApiRequestException api = cause(error, TelegramApiRequestException.class);
    if (api != null && api.getErrorCode() != null && api.getErrorCode() > 0) {
      int code = api.getErrorCode();
      String description = api.getApiResponse() == null ? "" : api.getApiResponse();
      String reason = code + " " + description;
      if (code == 429) {
        Integer seconds = api.getParameters() == null ? null : api.getParameters().getRetryAfter();
        return new Failure(Kind.RETRY_AFTER, 1000L * (seconds == null || seconds < 1 ? 1 : seconds), reason);
      }
      if (code == 403 || code == 400 && description.toLowerCase().contains("chat not found")) {
        return new Failure(Kind.BLOCKED, 0, reason);
      }
      if (code == 400 && description.toLowerCase().contains("can't parse entities")) {
        return new Failure(Kind.BAD_MARKUP, 0, reason);
      }
      if (code >= 500) return new Failure(Kind.TRANSIENT, 0, reason);
      return new Failure(Kind.REFUSED, 0, reason);
    }
    if (cause(error, JsonProcessingException.class) != null) {
      // Something answered that is not the Bot API (a proxy's error page): the message was not taken.
      return new Failure(Kind.TRANSIENT, 0, "not a Bot API response");
    }
    IOException io = cause(error, IOException.class);
    if (io != null) {
      boolean notSent = io instanceof ConnectException || io instanceof UnknownHostException
          || io instanceof NoRouteToHostException
          || io instanceof SocketTimeoutException && String.valueOf(io.getMessage()).toLowerCase().contains("connect");
      return new Failure(notSent ? Kind.TRANSIENT : Kind.AMBIGUOUS, 0, io.getClass().getSimpleName());
    }
    return new Failure(Kind.REFUSED, 0, String.valueOf(error.getMessage()));
  }

  private static <E extends Throwable> E cause(Throwable error, Class<E> type) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (type.isInstance(t)) return type.cast(t);
      if (t.getCause() == t) break;
    }
    return null;
  }
}
