package org.swiftline.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.operators.Account;
import org.swiftline.gateway.operators.Action;
import org.swiftline.gateway.operators.Escalation;
import org.swiftline.gateway.operators.Presence;
import org.swiftline.gateway.operators.Role;
import org.swiftline.gateway.operators.Session;
import org.swiftline.gateway.operators.SignInFailures;
import org.swiftline.gateway.store.OperatorStore;

/**
 * The operator store in Redis, under the shared key prefix {@code P}; every key carries the hash tag
 * {@code {operators}}, so that the scripts touching several keys work on Redis Cluster too:
 *
 * <ul>
 *   <li>{@code P{operators}:accounts}: hash, account name to JSON account (with its password hash);
 *   <li>{@code P{operators}:session:<hash>}: JSON session; {@code P{operators}:sessions:<name>}: set of a
 *       name's session hashes;
 *   <li>{@code P{operators}:failures}: hash, account name to JSON {@code {count, windowMs, lockedMs}};
 *   <li>{@code P{operators}:escalations}: hash, conversation id to JSON escalation (the open ones);
 *   <li>{@code P{operators}:presence}: hash, account name to JSON presence;
 *   <li>{@code P{operators}:audit} and {@code P{operators}:audit:<conversation>}: lists of JSON audit lines,
 *       appended to only.
 * </ul>
 *
 * <p>Counting a failure, creating an account and every change to an escalation are Lua scripts: a claim is a
 * compare-and-set on the escalation's version, atomic across gateways.
 */
public final class RedisOperatorStore implements OperatorStore {
  // KEYS: hash. ARGV: field, value. Returns 1 when set, 0 when the field existed.
  private static final String SET_IF_ABSENT = "return redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])";

  // KEYS: escalations. ARGV: conversation id, json. Returns the stored JSON.
  private static final String ESCALATE = """
      redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
      return redis.call('HGET', KEYS[1], ARGV[1])
      """;

  // KEYS: escalations. ARGV: conversation id, expected version, new json ('' to close).
  private static final String REPLACE = """
      local current = redis.call('HGET', KEYS[1], ARGV[1])
      if not current then return 0 end
      if tostring(cjson.decode(current)['version']) ~= ARGV[2] then return 0 end
      if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
      return 1
      """;

  // KEYS: failures. ARGV: name, at ms, window ms, limit, lock ms. Returns the JSON after the failure.
  private static final String FAIL = """
      local before = redis.call('HGET', KEYS[1], ARGV[1])
      local at = tonumber(ARGV[2])
      local count, window, locked = 0, nil, nil
      if before then
        local f = cjson.decode(before)
        count = f['count']
        if f['windowMs'] then window = tonumber(f['windowMs']) end
        if f['lockedMs'] then locked = tonumber(f['lockedMs']) end
      end
      local after
      if window == nil or at >= window + tonumber(ARGV[3]) then
        count = 1
        window = at
      else
        count = count + 1
      end
      if count >= tonumber(ARGV[4]) then
        after = '{"count":0,"lockedMs":' .. string.format('%d', at + tonumber(ARGV[5])) .. '}'
      elseif locked ~= nil and at < locked then
        after = '{"count":' .. count .. ',"windowMs":' .. string.format('%d', window) .. ',"lockedMs":' .. string.format('%d', locked) .. '}'
      else
        after = '{"count":' .. count .. ',"windowMs":' .. string.format('%d', window) .. '}'
      end
      redis.call('HSET', KEYS[1], ARGV[1], after)
      return after
      """;

  // KEYS: all, by conversation (or the same). ARGV: json, has conversation.
  private static final String AUDIT = """
      redis.call('RPUSH', KEYS[1], ARGV[1])
      if ARGV[2] == '1' then redis.call('RPUSH', KEYS[2], ARGV[1]) end
      return 1
      """;

  private final RedisAPI redis;
  private final String keys;

  RedisOperatorStore(RedisAPI redis, String prefix) {
    this.redis = redis;
    this.keys = prefix + "{operators}:";
  }

  private Future<Response> eval(String script, List<String> keyList, String... args) {
    List<String> call = new ArrayList<>();
    call.add(script);
    call.add(String.valueOf(keyList.size()));
    call.addAll(keyList);
    call.addAll(List.of(args));
    return redis.eval(call);
  }

  // ---- accounts

  @Override
  public Future<Void> createAccount(Account a) {
    return eval(SET_IF_ABSENT, List.of(keys + "accounts"), a.name(), toJson(a).encode()).compose(r -> r.toInteger() == 1
        ? Future.succeededFuture() : Future.failedFuture(new NameTaken(a.name())));
  }

  @Override
  public Future<Void> saveAccount(Account a) {
    return redis.hexists(keys + "accounts", a.name()).compose(exists -> exists.toInteger() == 1
        ? redis.hset(List.of(keys + "accounts", a.name(), toJson(a).encode())).<Void>mapEmpty()
        : Future.failedFuture(new IllegalArgumentException("no account named '" + a.name() + "'")));
  }

  @Override
  public Future<Optional<Account>> account(String name) {
    return redis.hget(keys + "accounts", name).map(r -> r == null ? Optional.empty() : Optional.of(decodeAccount(r.toString())));
  }

  @Override
  public Future<List<Account>> accounts() {
    return redis.hvals(keys + "accounts").map(r -> {
      List<Account> result = new ArrayList<>();
      for (Response item : r) result.add(decodeAccount(item.toString()));
      result.sort(Comparator.comparing(Account::name));
      return result;
    });
  }

  private static JsonObject toJson(Account a) {
    return new JsonObject().put("name", a.name()).put("role", a.role().wire()).put("languages", new JsonArray(a.languages()))
        .put("disabled", a.disabled()).put("passwordHash", a.passwordHash()).put("createdMs", a.createdAt().toEpochMilli());
  }

  private static Account decodeAccount(String json) {
    JsonObject j = new JsonObject(json);
    List<String> languages = new ArrayList<>();
    j.getJsonArray("languages").forEach(l -> languages.add((String) l));
    return new Account(j.getString("name"), Role.fromWire(j.getString("role")), languages, j.getBoolean("disabled"),
        j.getString("passwordHash"), Instant.ofEpochMilli(j.getLong("createdMs")));
  }

  // ---- sessions

  @Override
  public Future<Void> saveSession(Session s) {
    JsonObject json = new JsonObject().put("tokenHash", s.tokenHash()).put("name", s.name())
        .put("createdMs", s.createdAt().toEpochMilli()).put("expiresMs", s.expiresAt().toEpochMilli());
    return redis.set(List.of(keys + "session:" + s.tokenHash(), json.encode()))
        .compose(ok -> redis.sadd(List.of(keys + "sessions:" + s.name(), s.tokenHash()))).mapEmpty();
  }

  @Override
  public Future<Optional<Session>> session(String tokenHash) {
    return redis.get(keys + "session:" + tokenHash).map(r -> {
      if (r == null) return Optional.empty();
      JsonObject j = new JsonObject(r.toString());
      return Optional.of(new Session(j.getString("tokenHash"), j.getString("name"), Instant.ofEpochMilli(j.getLong("createdMs")),
          Instant.ofEpochMilli(j.getLong("expiresMs"))));
    });
  }

  @Override
  public Future<Void> deleteSession(String tokenHash) {
    return session(tokenHash).compose(found -> {
      Future<Response> unindexed = found.isEmpty() ? Future.succeededFuture()
          : redis.srem(List.of(keys + "sessions:" + found.get().name(), tokenHash));
      return unindexed.compose(x -> redis.del(List.of(keys + "session:" + tokenHash)));
    }).mapEmpty();
  }

  @Override
  public Future<Void> deleteSessions(String name) {
    return redis.smembers(keys + "sessions:" + name).compose(members -> {
      List<String> doomed = new ArrayList<>();
      for (Response m : members) doomed.add(keys + "session:" + m);
      doomed.add(keys + "sessions:" + name);
      return redis.del(doomed);
    }).mapEmpty();
  }

  // ---- sign-in failures

  @Override
  public Future<SignInFailures> failedSignIn(String name, Instant at, Duration window, int limit, Duration lockFor) {
    return eval(FAIL, List.of(keys + "failures"), name, String.valueOf(at.toEpochMilli()), String.valueOf(window.toMillis()),
        String.valueOf(limit), String.valueOf(lockFor.toMillis())).map(r -> failures(r.toString()));
  }

  @Override
  public Future<SignInFailures> signInFailures(String name) {
    return redis.hget(keys + "failures", name).map(r -> r == null ? SignInFailures.NONE : failures(r.toString()));
  }

  @Override
  public Future<Void> clearSignInFailures(String name) {
    return redis.hdel(List.of(keys + "failures", name)).mapEmpty();
  }

  private static SignInFailures failures(String json) {
    JsonObject j = new JsonObject(json);
    return new SignInFailures(j.getInteger("count"), optionalInstant(j, "windowMs"), optionalInstant(j, "lockedMs"));
  }

  private static Instant optionalInstant(JsonObject j, String field) {
    Long ms = j.getLong(field);
    return ms == null ? null : Instant.ofEpochMilli(ms);
  }

  // ---- escalations

  @Override
  public Future<Escalation> escalate(Escalation e) {
    return eval(ESCALATE, List.of(keys + "escalations"), e.conversationId(), toJson(e).encode())
        .map(r -> decodeEscalation(r.toString()));
  }

  @Override
  public Future<Optional<Escalation>> escalation(String conversationId) {
    return redis.hget(keys + "escalations", conversationId)
        .map(r -> r == null ? Optional.empty() : Optional.of(decodeEscalation(r.toString())));
  }

  @Override
  public Future<List<Escalation>> escalations() {
    return redis.hvals(keys + "escalations").map(r -> {
      List<Escalation> result = new ArrayList<>();
      for (Response item : r) result.add(decodeEscalation(item.toString()));
      result.sort(Comparator.comparing(Escalation::since).thenComparing(Escalation::conversationId));
      return result;
    });
  }

  @Override
  public Future<Boolean> replaceEscalation(Escalation next) {
    return eval(REPLACE, List.of(keys + "escalations"), next.conversationId(), String.valueOf(next.version() - 1),
        toJson(next).encode()).map(r -> r.toInteger() == 1);
  }

  @Override
  public Future<Boolean> closeEscalation(String conversationId, long version) {
    return eval(REPLACE, List.of(keys + "escalations"), conversationId, String.valueOf(version), "")
        .map(r -> r.toInteger() == 1);
  }

  private static JsonObject toJson(Escalation e) {
    return new JsonObject().put("conversationId", e.conversationId()).put("channel", e.person().channel())
        .put("userId", e.person().userId()).put("language", e.language()).put("group", e.group()).put("reason", e.reason())
        .put("sinceMs", e.since().toEpochMilli()).put("offeredMs", e.offeredAt().toEpochMilli())
        .put("claimedBy", e.claimedBy()).put("preview", e.preview()).put("version", e.version());
  }

  private static Escalation decodeEscalation(String json) {
    JsonObject j = new JsonObject(json);
    return new Escalation(j.getString("conversationId"), new ChannelIdentity(j.getString("channel"), j.getString("userId")),
        j.getString("language"), j.getString("group"), j.getString("reason"), Instant.ofEpochMilli(j.getLong("sinceMs")),
        Instant.ofEpochMilli(j.getLong("offeredMs")), j.getString("claimedBy"), j.getString("preview"), j.getLong("version"));
  }

  // ---- presence

  @Override
  public Future<Void> savePresence(Presence p) {
    JsonObject json = new JsonObject().put("name", p.name()).put("onDuty", p.onDuty())
        .put("connectedMs", p.connectedUntil().toEpochMilli());
    return redis.hset(List.of(keys + "presence", p.name(), json.encode())).mapEmpty();
  }

  @Override
  public Future<List<Presence>> presences() {
    return redis.hvals(keys + "presence").map(r -> {
      List<Presence> result = new ArrayList<>();
      for (Response item : r) {
        JsonObject j = new JsonObject(item.toString());
        result.add(new Presence(j.getString("name"), j.getBoolean("onDuty"), Instant.ofEpochMilli(j.getLong("connectedMs"))));
      }
      result.sort(Comparator.comparing(Presence::name));
      return result;
    });
  }

  // ---- audit

  @Override
  public Future<Void> audit(Action a) {
    JsonObject json = new JsonObject().put("atMs", a.at().toEpochMilli()).put("actor", a.actor()).put("action", a.action())
        .put("conversationId", a.conversationId()).put("detail", a.detail());
    String byConversation = a.conversationId() == null ? keys + "audit" : keys + "audit:" + a.conversationId();
    return eval(AUDIT, List.of(keys + "audit", byConversation), json.encode(), a.conversationId() == null ? "0" : "1")
        .mapEmpty();
  }

  @Override
  public Future<List<Action>> audits(String conversationId, int limit) {
    String key = conversationId == null ? keys + "audit" : keys + "audit:" + conversationId;
    return redis.lrange(key, String.valueOf(-limit), "-1").map(r -> {
      List<Action> result = new ArrayList<>();
      for (Response item : r) {
        JsonObject j = new JsonObject(item.toString());
        result.add(0, new Action(Instant.ofEpochMilli(j.getLong("atMs")), j.getString("actor"), j.getString("action"),
            j.getString("conversationId"), j.getString("detail")));
      }
      return result;
    });
  }
}
