package org.swiftline.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.gateway.store.AnswerFeedback;
import org.swiftline.gateway.store.Conversation;
import org.swiftline.gateway.store.ConversationStore;
import org.swiftline.gateway.store.FeedbackStore;
import org.swiftline.gateway.store.NewEntry;
import org.swiftline.gateway.store.Stores;

/**
 * The shared store on Redis, for several gateway instances: every key starts with a configurable prefix.
 *
 * <p>Layout, with {@code P} the prefix and {@code ID} a conversation id (the braces are a Redis Cluster
 * hash tag, so that one conversation's keys live in one slot):
 *
 * <ul>
 *   <li>{@code P conversation:{ID}}: hash with {@code id, channel, userId, language, createdAt, updatedAt,
 *       state} (JSON) and {@code lastSeq}, the last transcript number given out;
 *   <li>{@code P transcript:{ID}}: sorted set of entries, scored by their number, each member a JSON object
 *       {@code {"seq", "author", "text", "quickReplies", "language", "outcome", "articleId", "at"}};
 *   <li>{@code P feedback:{ID}}: list of JSON feedback objects, oldest first.
 * </ul>
 *
 * <p>{@link #record(Conversation, List)} runs as one Lua script, so saving the conversation, taking numbers
 * from {@code lastSeq} and adding the entries is atomic even with writers on several instances. As with
 * SQLite, the owner and creation time of an existing conversation are kept. A write is as durable as the
 * server's persistence makes it: run Redis with {@code appendonly yes} and {@code appendfsync everysec}
 * (at most about a second lost on a power failure) or {@code always}. Needs Redis 6.2 or later.
 */
public final class RedisStores implements ConversationStore, FeedbackStore {
  /** The key prefix used when none is configured. */
  public static final String DEFAULT_PREFIX = "swiftline:";

  private static final int MAX_POOL_SIZE = 16;
  private static final int MAX_POOL_WAITING = 4096;
  private static final int CONNECT_TIMEOUT_MS = 5000;

  // KEYS: conversation hash, transcript sorted set.
  // ARGV: id, channel, userId, createdAt, updatedAt, state, language, hasLanguage ('1' or '0'), then one
  // JSON object per entry without its number; the script numbers them after lastSeq and returns the last.
  private static final String RECORD_SCRIPT = """
      local n = #ARGV - 8
      local last = redis.call('HINCRBY', KEYS[1], 'lastSeq', n)
      redis.call('HSETNX', KEYS[1], 'id', ARGV[1])
      redis.call('HSETNX', KEYS[1], 'channel', ARGV[2])
      redis.call('HSETNX', KEYS[1], 'userId', ARGV[3])
      redis.call('HSETNX', KEYS[1], 'createdAt', ARGV[4])
      redis.call('HSET', KEYS[1], 'updatedAt', ARGV[5], 'state', ARGV[6])
      if ARGV[8] == '1' then
        redis.call('HSET', KEYS[1], 'language', ARGV[7])
      else
        redis.call('HDEL', KEYS[1], 'language')
      end
      for i = 1, n do
        local seq = last - n + i
        redis.call('ZADD', KEYS[2], seq, '{"seq":' .. string.format('%d', seq) .. ',' .. string.sub(ARGV[8 + i], 2))
      end
      return last
      """;

  private final Redis client;
  private final RedisAPI redis;
  private final String prefix;
  private final String recordSha;

  private RedisStores(Redis client, String prefix, String recordSha) {
    this.client = client;
    this.redis = RedisAPI.api(client);
    this.prefix = prefix;
    this.recordSha = recordSha;
  }

  /**
   * Connects to Redis at {@code url} (for example {@code redis://127.0.0.1:6379/0}) with keys under
   * {@code prefix}. Succeeds with open stores once Redis has answered; fails with a message naming the URL
   * (its password hidden) when it cannot connect or the URL is malformed.
   */
  public static Future<Stores> open(Vertx vertx, String url, String prefix) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(prefix, "prefix");
    Redis client;
    try {
      RedisOptions options = new RedisOptions().setConnectionString(url)
          .setMaxPoolSize(MAX_POOL_SIZE).setMaxPoolWaiting(MAX_POOL_WAITING);
      options.getNetClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MS);
      client = Redis.createClient(vertx, options);
    } catch (RuntimeException e) {
      return Future.failedFuture(new IllegalArgumentException(
          "SWIFTLINE_REDIS_URL: cannot use Redis URL " + redact(url) + ": " + e.getMessage(), e));
    }
    return RedisAPI.api(client).script(List.of("LOAD", RECORD_SCRIPT))
        .map(sha -> new RedisStores(client, prefix, sha.toString()))
        .recover(e -> client.close().transform(closed -> Future.failedFuture(new IllegalStateException(
            "cannot connect to Redis at " + redact(url) + " (SWIFTLINE_REDIS_URL): " + e.getMessage(), e))))
        .map(s -> new Stores(s, s, new RedisAppealStore(s.redis, prefix),
            new RedisOperatorStore(s.redis, prefix), new RedisChannelState(s.redis, prefix),
            // one instance's events only, until a Redis relay carries them between instances
            new org.swiftline.gateway.relay.EventBusRelay(vertx), s::close));
  }

  /** The URL with any password replaced by {@code ***}, for messages. */
  static String redact(String url) {
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^/@:]*):[^/@]*@", "$1:***@");
  }

  private String conversationKey(String id) {
    return prefix + "conversation:{" + id + "}";
  }

  private String transcriptKey(String id) {
    return prefix + "transcript:{" + id + "}";
  }

  private String feedbackKey(String id) {
    return prefix + "feedback:{" + id + "}";
  }

  @Override
  public Future<Optional<Conversation>> find(String id) {
    return redis.hmget(List.of(conversationKey(id), "id", "channel", "userId", "language", "createdAt", "updatedAt", "state"))
        .map(r -> {
          if (text(r, 1) == null) return Optional.empty();
          return Optional.of(new Conversation(
              text(r, 0), new ChannelIdentity(text(r, 1), text(r, 2)), text(r, 3),
              Instant.parse(text(r, 4)), Instant.parse(text(r, 5)), new JsonObject(text(r, 6))));
        });
  }

  @Override
  public Future<List<TranscriptEntry>> record(Conversation c, List<NewEntry> entries) {
    List<String> args = new ArrayList<>(List.of(
        "", "2", conversationKey(c.id()), transcriptKey(c.id()),
        c.id(), c.owner().channel(), c.owner().userId(), c.createdAt().toString(), c.updatedAt().toString(),
        c.state().encode(), c.language() == null ? "" : c.language(), c.language() == null ? "0" : "1"));
    for (NewEntry e : entries) args.add(encode(e));
    return evalRecord(args).map(last -> {
      List<TranscriptEntry> stored = new ArrayList<>();
      long seq = last.toLong() - entries.size();
      for (NewEntry e : entries) {
        stored.add(new TranscriptEntry(++seq, e.author(), e.text(), e.quickReplies(), e.language(), e.at()));
      }
      return stored;
    });
  }

  /** EVALSHA, falling back to EVAL when the server has forgotten the script (restart, SCRIPT FLUSH). */
  private Future<Response> evalRecord(List<String> args) {
    List<String> bySha = new ArrayList<>(args);
    bySha.set(0, recordSha);
    return redis.evalsha(bySha).recover(e -> {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) return Future.failedFuture(e);
      List<String> byText = new ArrayList<>(args);
      byText.set(0, RECORD_SCRIPT);
      return redis.eval(byText);
    });
  }

  @Override
  public Future<List<TranscriptEntry>> transcript(String conversationId, long afterSeq, int limit) {
    if (limit == 0) return Future.succeededFuture(List.of());
    List<String> args = new ArrayList<>(List.of(transcriptKey(conversationId), "(" + afterSeq, "+inf", "BYSCORE"));
    if (limit > 0) args.addAll(List.of("LIMIT", "0", String.valueOf(limit)));
    return redis.zrange(args).map(r -> {
      List<TranscriptEntry> result = new ArrayList<>(r.size());
      for (Response member : r) result.add(decodeEntry(new JsonObject(member.toString())));
      return result;
    });
  }

  @Override
  public Future<java.util.Map<Long, String>> articles(String conversationId) {
    return redis.zrange(List.of(transcriptKey(conversationId), "0", "-1")).map(r -> {
      java.util.Map<Long, String> result = new java.util.LinkedHashMap<>();
      for (Response member : r) {
        JsonObject json = new JsonObject(member.toString());
        if (json.getString("articleId") != null) result.put(json.getLong("seq"), json.getString("articleId"));
      }
      return result;
    });
  }

  @Override
  public Future<Void> record(AnswerFeedback f) {
    JsonObject json = new JsonObject()
        .put("conversationId", f.conversationId())
        .put("articleId", f.articleId())
        .put("language", f.language())
        .put("helpful", f.helpful())
        .put("at", f.at().toString());
    return redis.rpush(List.of(feedbackKey(f.conversationId()), json.encode())).mapEmpty();
  }

  @Override
  public Future<List<AnswerFeedback>> forConversation(String conversationId) {
    return redis.lrange(feedbackKey(conversationId), "0", "-1").map(r -> {
      List<AnswerFeedback> result = new ArrayList<>(r.size());
      for (Response item : r) {
        JsonObject f = new JsonObject(item.toString());
        result.add(new AnswerFeedback(f.getString("conversationId"), f.getString("articleId"), f.getString("language"),
            f.getBoolean("helpful"), Instant.parse(f.getString("at"))));
      }
      return result;
    });
  }

  private Future<Void> close() {
    return client.close();
  }

  private static String text(Response array, int index) {
    Response r = array.get(index);
    return r == null ? null : r.toString();
  }

  /** An entry as JSON without its number; the record script inserts {@code "seq"} as the first field. */
  private static String encode(NewEntry e) {
    JsonArray quickReplies = new JsonArray();
    e.quickReplies().forEach(q -> quickReplies.add(new JsonObject().put("title", q.title()).put("payload", q.payload())));
    JsonObject json = new JsonObject().put("author", e.author()).put("text", e.text());
    if (!quickReplies.isEmpty()) json.put("quickReplies", quickReplies);
    if (e.language() != null) json.put("language", e.language());
    if (e.outcome() != null) json.put("outcome", e.outcome());
    if (e.articleId() != null) json.put("articleId", e.articleId());
    return json.put("at", e.at().toString()).encode();
  }

  private static TranscriptEntry decodeEntry(JsonObject json) {
    List<QuickReply> quickReplies = new ArrayList<>();
    JsonArray array = json.getJsonArray("quickReplies");
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        JsonObject q = array.getJsonObject(i);
        quickReplies.add(new QuickReply(q.getString("title"), q.getString("payload")));
      }
    }
    return new TranscriptEntry(json.getLong("seq"), json.getString("author"), json.getString("text"), quickReplies,
        json.getString("language"), Instant.parse(json.getString("at")));
  }
}
