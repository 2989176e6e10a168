package org.swiftline.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import org.swiftline.gateway.store.AnswerFeedback;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.Migration;

/**
 * Writes what {@link Migration} copies in the layouts of {@link RedisStores} and {@link RedisChannelState},
 * never replacing what is there: a conversation already in Redis, a channel-state key already set, a counter
 * already further on are left alone.
 */
public final class RedisImport {
  // KEYS: conversation hash, transcript sorted set, feedback list
  // ARGV: id, channel, userId, createdAt, updatedAt, state, language ('' for none), lastSeq, number of entries,
  //       then each entry (score, member), then each feedback JSON
  private static final String CONVERSATION = """
      if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
      redis.call('HSET', KEYS[1], 'id', ARGV[1], 'channel', ARGV[2], 'userId', ARGV[3], 'createdAt', ARGV[4],
        'updatedAt', ARGV[5], 'state', ARGV[6], 'lastSeq', ARGV[8])
      if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'language', ARGV[7]) end
      local n = tonumber(ARGV[9])
      for i = 0, n - 1 do redis.call('ZADD', KEYS[2], ARGV[10 + 2 * i], ARGV[11 + 2 * i]) end
      for i = 10 + 2 * n, #ARGV do redis.call('RPUSH', KEYS[3], ARGV[i]) end
      return 1
      """;
  private static final String RAISE = """
      local c = tonumber(redis.call('GET', KEYS[1]) or '0')
      if tonumber(ARGV[1]) > c then redis.call('SET', KEYS[1], ARGV[1]) end
      return 1
      """;

  private final Redis client;
  private final RedisAPI redis;
  private final String prefix;

  private RedisImport(Redis client, String prefix) {
    this.client = client;
    this.redis = RedisAPI.api(client);
    this.prefix = prefix;
  }

  /** Connects; fails naming the URL (password hidden) when Redis does not answer. */
  public static Future<RedisImport> open(Vertx vertx, String url, String prefix) {
    Redis client;
    try {
      client = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(8).setMaxPoolWaiting(4096));
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException(
          "--to: cannot use Redis URL " + RedisStores.redact(url) + ": " + e.getMessage(), e));
    }
    return RedisAPI.api(client).ping(List.of()).map(pong -> new RedisImport(client, prefix))
        .recover(e -> client.close().transform(x -> Future.failedFuture(new IllegalStateException(
            "cannot connect to Redis at " + RedisStores.redact(url) + ": " + e.getMessage(), e))));
  }

  /** Succeeds with {@code true} when the conversation was written, {@code false} when Redis had it already. */
  public Future<Boolean> conversation(Conversation c, long lastSeq, List<Migration.Message> messages,
      List<AnswerFeedback> feedback) {
    long last = Math.max(lastSeq, messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq());
    List<String> args = new ArrayList<>(List.of(CONVERSATION, "3",
        prefix + "conversation:{" + c.id() + "}", prefix + "transcript:{" + c.id() + "}", prefix + "feedback:{" + c.id() + "}",
        c.id(), c.owner().channel(), c.owner().userId(), c.createdAt().toString(), c.updatedAt().toString(),
        c.state().encode(), c.language() == null ? "" : c.language(), String.valueOf(last), String.valueOf(messages.size())));
    for (Migration.Message m : messages) {
      args.add(String.valueOf(m.seq()));
      args.add("{\"seq\":" + m.seq() + "," + RedisStores.encode(m.entry()).substring(1));
    }
    for (AnswerFeedback f : feedback) {
      args.add(new JsonObject().put("conversationId", f.conversationId()).put("articleId", f.articleId())
          .put("language", f.language()).put("helpful", f.helpful()).put("at", f.at().toString()).encode());
    }
    return redis.eval(args).map(r -> r.toLong() == 1);
  }

  /**
   * Sets an appeal's analytics fields as {@link RedisAppealStore} keeps them (first response, resolution,
   * verdict, rating; the similar-appeal group goes through {@code AppealStore.link}), for an appeal just
   * copied. The rating's time is not kept by the embedded store: the resolution's stands in for it.
   */
  public Future<Void> appealFacts(org.swiftline.gateway.store.AppealFact fact) {
    List<String> args = new ArrayList<>(List.of(prefix + "appeal:{" + fact.number() + "}"));
    if (fact.firstResponseAt() != null) args.addAll(List.of("firstResponse", String.valueOf(fact.firstResponseAt().toEpochMilli())));
    if (fact.resolvedAt() != null) args.addAll(List.of("resolved", String.valueOf(fact.resolvedAt().toEpochMilli())));
    if (fact.solved() != null) args.addAll(List.of("solved", fact.solved() ? "1" : "0"));
    if (fact.satisfaction() != null) {
      java.time.Instant at = fact.resolvedAt() != null ? fact.resolvedAt() : fact.createdAt();
      args.addAll(List.of("satisfaction", fact.satisfaction() + "@" + at.toEpochMilli()));
    }
    return args.size() == 1 ? Future.succeededFuture() : redis.hset(args).mapEmpty();
  }

  /** Sets the appeal counter to {@code counter} unless it is already there or further on. */
  public Future<Void> raiseAppealCounter(long counter) {
    return redis.eval(List.of(RAISE, "1", prefix + "appeal:counter", String.valueOf(counter))).mapEmpty();
  }

  /** Succeeds with {@code true} when the value was set, {@code false} when the key was set already (or expired since). */
  public Future<Boolean> channelValue(Migration.ChannelValue value, long nowMillis) {
    List<String> args = new ArrayList<>(List.of(prefix + "channel:" + value.key(), value.value(), "NX"));
    if (value.expiresAtMillis() != null) {
      long left = value.expiresAtMillis() - nowMillis;
      if (left <= 0) return Future.succeededFuture(false);
      args.addAll(List.of("PX", String.valueOf(left)));
    }
    return redis.set(args).map(r -> r != null);
  }

  public Future<Void> close() {
    return client.close();
  }
}
