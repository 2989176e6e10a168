package org.swiftline.gateway.store.redis;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AppealNumbers;
import org.swiftline.gateway.appeals.AppealStatus;
import org.swiftline.gateway.appeals.AuditEntry;
import org.swiftline.gateway.appeals.Change;
import org.swiftline.gateway.appeals.DepartmentKey;
import org.swiftline.gateway.appeals.NoSuchAppeal;
import org.swiftline.gateway.store.AppealFact;
import org.swiftline.gateway.store.AppealQuery;
import org.swiftline.gateway.store.AppealRow;
import org.swiftline.gateway.store.AppealStore;
import org.swiftline.gateway.store.StaleAppeal;

/**
 * Appeals in Redis, beside {@link RedisStores} and under the same key prefix {@code P}:
 *
 * <ul>
 *   <li>{@code P appeal:counter}: the counter behind appeal numbers ({@code INCR});
 *   <li>{@code P appeal:{N}}: hash with {@code version} and {@code json}, the appeal numbered {@code N}, and for
 *       analytics {@code firstResponse}, {@code resolved} (epoch ms), {@code solved} (1 or 0),
 *       {@code satisfaction} ({@code <1-5>@<epoch ms>}) and {@code cluster};
 *   <li>{@code P appeal-audit:{N}}: list of JSON audit entries, appended to only;
 *   <li>{@code P appeal-request:<key>}: the number filed for a request key (idempotent filing);
 *   <li>{@code P appeals:all}, {@code P appeals:department:<id>}, {@code P appeals:unrouted},
 *       {@code P appeals:citizen:<channel>:<userId>}: sorted sets of numbers scored by filing time;
 *   <li>{@code P appeals:cluster:<N>}: sorted set of the numbers in the group of similar appeals begun by {@code N};
 *   <li>{@code P department-key:<id>}: a department API key as JSON (its hash, never the secret).
 * </ul>
 *
 * <p>Filing and every change run as one Lua script each, so an appeal, its audit line and its indexes
 * change together, and a change made to an older version is refused. Durability is Redis's: run it with
 * {@code appendonly yes} and {@code appendfsync always} to keep every acknowledged appeal through a power
 * loss. The index keys span hash slots: Redis Cluster is not supported for appeals.
 */
public final class RedisAppealStore implements AppealStore {
  private static final int PAGE = 200;

  // KEYS: appeal, audit, request, all, department-or-unrouted, citizen
  // ARGV: number, version, json, score, hasRequestKey, then one JSON audit entry each
  private static final String INSERT_SCRIPT = """
      if ARGV[5] == '1' then
        local existing = redis.call('GET', KEYS[3])
        if existing then return existing end
      end
      if redis.call('EXISTS', KEYS[1]) == 1 then return redis.error_reply('appeal ' .. ARGV[1] .. ' exists') end
      if ARGV[5] == '1' then redis.call('SET', KEYS[3], ARGV[1]) end
      redis.call('HSET', KEYS[1], 'version', ARGV[2], 'json', ARGV[3])
      for i = 6, #ARGV do redis.call('RPUSH', KEYS[2], ARGV[i]) end
      redis.call('ZADD', KEYS[4], ARGV[4], ARGV[1])
      redis.call('ZADD', KEYS[5], ARGV[4], ARGV[1])
      redis.call('ZADD', KEYS[6], ARGV[4], ARGV[1])
      return ARGV[1]
      """;

  // KEYS: appeal, audit, old department-or-unrouted, new department-or-unrouted
  // ARGV: expected version, new version, json, audit json, number, score, then for analytics: the time of a
  // staff response, of a resolution, and the citizen's verdict ('1', '0'), each '' when the change has none
  private static final String UPDATE_SCRIPT = """
      local v = redis.call('HGET', KEYS[1], 'version')
      if (not v) or v ~= ARGV[1] then return 0 end
      redis.call('HSET', KEYS[1], 'version', ARGV[2], 'json', ARGV[3])
      if ARGV[7] ~= '' then redis.call('HSETNX', KEYS[1], 'firstResponse', ARGV[7]) end
      if ARGV[8] ~= '' then redis.call('HSETNX', KEYS[1], 'resolved', ARGV[8]) end
      if ARGV[9] ~= '' then redis.call('HSET', KEYS[1], 'solved', ARGV[9]) end
      redis.call('RPUSH', KEYS[2], ARGV[4])
      if KEYS[3] ~= KEYS[4] then
        redis.call('ZREM', KEYS[3], ARGV[5])
        redis.call('ZADD', KEYS[4], ARGV[6], ARGV[5])
      end
      return 1
      """;

  // KEYS: appeal; ARGV: field, value. Sets a field of an existing appeal; 0 when there is none.
  private static final String SET_IF_EXISTS_SCRIPT = """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      return 1
      """;

  // KEYS: appeal, new cluster set; ARGV: cluster, number, score, prefix of cluster sets (for the old one)
  private static final String LINK_SCRIPT = """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      local old = redis.call('HGET', KEYS[1], 'cluster')
      if old and old ~= ARGV[1] then redis.call('ZREM', ARGV[4] .. old, ARGV[2]) end
      redis.call('HSET', KEYS[1], 'cluster', ARGV[1])
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[2])
      return 1
      """;

  private static final int FACT_BATCH = 500;

  private final RedisAPI redis;
  private final String prefix;

  RedisAppealStore(RedisAPI redis, String prefix) {
    this.redis = redis;
    this.prefix = prefix;
  }

  private String appealKey(String number) {
    return prefix + "appeal:{" + number + "}";
  }

  private String auditKey(String number) {
    return prefix + "appeal-audit:{" + number + "}";
  }

  private String indexKey(String department) {
    return department == null ? prefix + "appeals:unrouted" : prefix + "appeals:department:" + department;
  }

  private String citizenKey(ChannelIdentity who) {
    return prefix + "appeals:citizen:" + who.channel() + ":" + who.userId();
  }

  @Override
  public Future<String> nextNumber(Instant at) {
    return redis.incr(prefix + "appeal:counter").map(n -> AppealNumbers.format(at, n.toLong()));
  }

  @Override
  public Future<Appeal> insert(Appeal a, List<AuditEntry> trail, String requestKey) {
    List<String> args = new ArrayList<>(List.of("6", appealKey(a.number()), auditKey(a.number()),
        prefix + "appeal-request:" + (requestKey == null ? "-" : requestKey), prefix + "appeals:all",
        indexKey(a.department()), citizenKey(a.citizen()),
        a.number(), String.valueOf(a.version()), encode(a).encode(), String.valueOf(a.createdAt().toEpochMilli()),
        requestKey == null ? "0" : "1"));
    trail.forEach(e -> args.add(encode(e).encode()));
    return eval(INSERT_SCRIPT, args).compose(number -> number.toString().equals(a.number())
        ? Future.succeededFuture(a)
        : find(number.toString()).map(Optional::orElseThrow));
  }

  @Override
  public Future<Optional<Appeal>> find(String number) {
    return redis.hget(appealKey(number), "json")
        .map(r -> r == null ? Optional.<Appeal>empty() : Optional.of(decode(new JsonObject(r.toString()))));
  }

  @Override
  public Future<Appeal> update(Change change) {
    Appeal a = change.after();
    List<String> args = List.of("4", appealKey(a.number()), auditKey(a.number()),
        indexKey(change.before().department()), indexKey(a.department()),
        String.valueOf(change.before().version()), String.valueOf(a.version()), encode(a).encode(),
        encode(change.entry()).encode(), a.number(), String.valueOf(a.createdAt().toEpochMilli()),
        change.isStaffResponse() ? String.valueOf(change.entry().at().toEpochMilli()) : "",
        change.resolvedAt() == null ? "" : String.valueOf(change.resolvedAt().toEpochMilli()),
        change.verdict() == null ? "" : change.verdict() ? "1" : "0");
    return eval(UPDATE_SCRIPT, args).map(r -> {
      if (r.toLong() != 1) throw new StaleAppeal(a.number());
      return a;
    });
  }

  @Override
  public Future<List<AuditEntry>> trail(String number) {
    return redis.lrange(auditKey(number), "0", "-1").map(r -> {
      List<AuditEntry> result = new ArrayList<>(r.size());
      for (Response item : r) result.add(decodeEntry(new JsonObject(item.toString())));
      return result;
    });
  }

  @Override
  public Future<List<Appeal>> search(AppealQuery q) {
    String index = q.citizen() != null ? citizenKey(q.citizen())
        : q.department() != null ? indexKey(q.department())
        : q.triage() ? indexKey(null)
        : prefix + "appeals:all";
    String max = q.to() == null ? "+inf" : "(" + q.to().toEpochMilli();
    String min = q.from() == null ? "-inf" : String.valueOf(q.from().toEpochMilli());
    return page(q, index, max, min, 0, new ArrayList<>());
  }

  /** Reads the index page by page, newest first, keeping the appeals that match, until the limit. */
  private Future<List<Appeal>> page(AppealQuery q, String index, String max, String min, int offset, List<Appeal> found) {
    return redis.zrange(List.of(index, max, min, "BYSCORE", "REV", "LIMIT", String.valueOf(offset), String.valueOf(PAGE)))
        .compose(numbers -> {
          if (numbers.size() == 0) return Future.succeededFuture(found);
          List<Future<Response>> reads = new ArrayList<>();
          for (Response n : numbers) reads.add(redis.hget(appealKey(n.toString()), "json"));
          return Future.all(reads).compose(all -> {
            for (Future<Response> read : reads) {
              Response json = read.result();
              if (json == null) continue;
              Appeal a = decode(new JsonObject(json.toString()));
              if (q.matches(a)) found.add(a);
              if (found.size() >= q.limit()) return Future.succeededFuture(found);
            }
            return numbers.size() < PAGE ? Future.succeededFuture(found) : page(q, index, max, min, offset + PAGE, found);
          });
        });
  }

  @Override
  public Future<Void> saveKey(DepartmentKey k) {
    JsonObject json = new JsonObject().put("id", k.id()).put("department", k.department()).put("salt", k.salt())
        .put("hash", k.hash()).put("iterations", k.iterations()).put("createdAt", k.createdAt().toString())
        .put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString());
    return redis.set(List.of(prefix + "department-key:" + k.id(), json.encode())).mapEmpty();
  }

  @Override
  public Future<Optional<DepartmentKey>> findKey(String id) {
    return redis.get(prefix + "department-key:" + id).map(r -> {
      if (r == null) return Optional.empty();
      JsonObject k = new JsonObject(r.toString());
      String revoked = k.getString("revokedAt");
      return Optional.of(new DepartmentKey(k.getString("id"), k.getString("department"), k.getString("salt"),
          k.getString("hash"), k.getInteger("iterations"), Instant.parse(k.getString("createdAt")),
          revoked == null ? null : Instant.parse(revoked)));
    });
  }

  @Override
  public Future<Void> rate(String number, int satisfaction, Instant at) {
    if (satisfaction < 1 || satisfaction > 5) return Future.failedFuture(new IllegalArgumentException("satisfaction must be 1 to 5"));
    return eval(SET_IF_EXISTS_SCRIPT, List.of("1", appealKey(number), "satisfaction", satisfaction + "@" + at.toEpochMilli()))
        .map(r -> {
          if (r.toLong() != 1) throw new NoSuchAppeal(number);
          return null;
        });
  }

  @Override
  public Future<Void> link(String number, String cluster) {
    return redis.hget(appealKey(number), "json").compose(json -> {
      if (json == null) return Future.failedFuture(new NoSuchAppeal(number));
      long score = new JsonObject(json.toString()).getLong("createdAt");
      return eval(LINK_SCRIPT, List.of("2", appealKey(number), clusterKey(cluster), cluster, number, String.valueOf(score),
          prefix + "appeals:cluster:")).map(r -> {
            if (r.toLong() != 1) throw new NoSuchAppeal(number);
            return null;
          });
    });
  }

  private String clusterKey(String cluster) {
    return prefix + "appeals:cluster:" + cluster;
  }

  @Override
  public Future<List<String>> cluster(String cluster) {
    return redis.zrange(List.of(clusterKey(cluster), "0", "-1")).map(r -> {
      List<String> result = new ArrayList<>(r.size());
      for (Response n : r) result.add(n.toString());
      return result;
    });
  }

  @Override
  public Future<Optional<AppealFact>> fact(String number) {
    return readRows(List.of(number)).map(rows -> rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).fact()));
  }

  @Override
  public Future<List<AppealFact>> facts(Instant from, Instant to) {
    return redis.zrange(List.of(prefix + "appeals:all", String.valueOf(from.toEpochMilli()), "(" + to.toEpochMilli(), "BYSCORE"))
        .compose(numbers -> {
          List<String> all = new ArrayList<>(numbers.size());
          for (Response n : numbers) all.add(n.toString());
          return readRows(all);
        }).map(rows -> rows.stream().map(AppealRow::fact).toList());
  }

  /** The appeals with their facts, in this order, read in batches; appeals that are gone are left out. */
  private Future<List<AppealRow>> readRows(List<String> numbers) {
    Future<List<AppealRow>> result = Future.succeededFuture(new ArrayList<>());
    for (int start = 0; start < numbers.size(); start += FACT_BATCH) {
      List<String> batch = numbers.subList(start, Math.min(numbers.size(), start + FACT_BATCH));
      result = result.compose(found -> {
        List<Future<Response>> reads = new ArrayList<>();
        for (String n : batch) {
          reads.add(redis.hmget(List.of(appealKey(n), "json", "firstResponse", "resolved", "solved", "satisfaction", "cluster")));
        }
        return Future.all(reads).map(done -> {
          for (Future<Response> read : reads) {
            Response r = read.result();
            if (r.get(0) == null) continue;
            Appeal a = decode(new JsonObject(r.get(0).toString()));
            String satisfaction = r.get(4) == null ? null : r.get(4).toString().split("@")[0];
            found.add(new AppealRow(a, new AppealFact(a.number(), a.createdAt(), a.language(), a.category(), a.district(),
                a.department(), a.status(), millis(r.get(1)), millis(r.get(2)),
                r.get(3) == null ? null : r.get(3).toString().equals("1"),
                satisfaction == null ? null : Integer.valueOf(satisfaction), r.get(5) == null ? null : r.get(5).toString())));
          }
          return found;
        });
      });
    }
    return result;
  }

  private static Instant millis(Response r) {
    return r == null ? null : Instant.ofEpochMilli(Long.parseLong(r.toString()));
  }

  /**
   * Keyset paging on {@code appeals:all}, which orders appeals as pages do (by score, the filing time, then by
   * number): the next page starts at the rank of the previous page's last appeal.
   */
  @Override
  public Future<List<AppealRow>> page(Instant from, Instant to, AppealRow after, int limit) {
    String all = prefix + "appeals:all";
    Future<Response> numbers;
    if (after == null || after.appeal().createdAt().isBefore(from)) {
      numbers = redis.zrange(List.of(all, String.valueOf(from.toEpochMilli()), "(" + to.toEpochMilli(), "BYSCORE",
          "LIMIT", "0", String.valueOf(limit)));
    } else {
      String last = after.appeal().number();
      numbers = redis.zrank(all, last).compose(rank -> {
        if (rank == null) return Future.failedFuture(new NoSuchAppeal(last));
        return redis.zrange(List.of(all, String.valueOf(rank.toLong() + 1), String.valueOf(rank.toLong() + limit)));
      });
    }
    return numbers.compose(found -> {
      List<String> list = new ArrayList<>(found.size());
      for (Response n : found) list.add(n.toString());
      return readRows(list);
    }).map(rows -> rows.stream().filter(row -> row.appeal().createdAt().isBefore(to)).toList());
  }

  /** EVALSHA of the script, or EVAL when the server does not know it yet. */
  private Future<Response> eval(String script, List<String> keysAndArgs) {
    List<String> bySha = new ArrayList<>();
    bySha.add(sha1(script));
    bySha.addAll(keysAndArgs);
    return redis.evalsha(bySha).recover(e -> {
      if (e.getMessage() == null || !e.getMessage().startsWith("NOSCRIPT")) return Future.failedFuture(e);
      List<String> byText = new ArrayList<>();
      byText.add(script);
      byText.addAll(keysAndArgs);
      return redis.eval(byText);
    });
  }

  private static String sha1(String script) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject encode(Appeal a) {
    return new JsonObject()
        .put("number", a.number()).put("channel", a.citizen().channel()).put("userId", a.citizen().userId())
        .put("conversationId", a.conversationId()).put("language", a.language()).put("category", a.category())
        .put("confidence", a.confidence()).put("department", a.department()).put("district", a.district())
        .put("address", a.address()).put("what", a.what()).put("when", a.when()).put("phone", a.phone())
        .put("phoneConsent", a.phoneConsent()).put("status", a.status().wire()).put("resolution", a.resolution())
        .put("createdAt", a.createdAt().toEpochMilli()).put("updatedAt", a.updatedAt().toEpochMilli())
        .put("version", a.version());
  }

  private static Appeal decode(JsonObject j) {
    return new Appeal(j.getString("number"), new ChannelIdentity(j.getString("channel"), j.getString("userId")),
        j.getString("conversationId"), j.getString("language"), j.getString("category"), j.getDouble("confidence"),
        j.getString("department"), j.getString("district"), j.getString("address"), j.getString("what"),
        j.getString("when"), j.getString("phone"), j.getBoolean("phoneConsent"), AppealStatus.fromWire(j.getString("status")),
        j.getString("resolution"), Instant.ofEpochMilli(j.getLong("createdAt")), Instant.ofEpochMilli(j.getLong("updatedAt")),
        j.getLong("version"));
  }

  private static JsonObject encode(AuditEntry e) {
    return new JsonObject().put("number", e.number()).put("at", e.at().toEpochMilli()).put("actor", e.actor())
        .put("from", e.from() == null ? null : e.from().wire()).put("to", e.to().wire()).put("note", e.note());
  }

  private static AuditEntry decodeEntry(JsonObject j) {
    String from = j.getString("from");
    return new AuditEntry(j.getString("number"), Instant.ofEpochMilli(j.getLong("at")), j.getString("actor"),
        from == null ? null : AppealStatus.fromWire(from), AppealStatus.fromWire(j.getString("to")), j.getString("note"));
  }
}
