package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.TranscriptEntry;
import org.swiftline.gateway.MigrateCommandAccess;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AppealStatus;
import org.swiftline.gateway.appeals.AuditEntry;
import org.swiftline.gateway.appeals.Change;
import org.swiftline.gateway.appeals.DepartmentKey;
import org.swiftline.gateway.appeals.Lifecycle;
import org.swiftline.gateway.store.redis.RedisStores;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/** {@code swiftline.jar migrate}: an embedded store copied into the real Redis at 127.0.0.1:6379, twice. */
class MigrationTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private final String prefix = "swiftline-test:" + UUID.randomUUID() + ":";
  private final Vertx vertx = Vertx.vertx();
  @TempDir Path dir;

  @AfterEach
  void cleanUp() {
    RedisStoresTest.deleteKeys(vertx, prefix);
    vertx.close().await();
  }

  private record Run(int status, String out, String err) {}

  private Run migrate(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = MigrateCommandAccess.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void copiesEverythingOnceAndASecondRunChangesNothing() {
    // given an embedded store with two conversations, feedback, an accepted appeal, a key and channel state
    Path db = dir.resolve("swiftline.db");
    Stores sqlite = SqliteStores.open(vertx, db).await();
    ChannelIdentity rosa = new ChannelIdentity("web", "rosa");
    Conversation c1 = new Conversation("c1", rosa, "zh", T0, T0.plusSeconds(5), new JsonObject().put("lastArticle", "visa-extension"));
    sqlite.conversations().record(c1, List.of(
        new NewEntry("user", "签证怎么延期？", List.of(), "zh", null, null, T0),
        new NewEntry("bot", "请到出入境管理局办理。", List.of(new QuickReply("有帮助", "feedback:helpful")), "zh", "answered",
            "visa-extension", T0.plusSeconds(1)))).await();
    sqlite.feedback().record(new AnswerFeedback("c1", "visa-extension", "zh", true, T0.plusSeconds(5))).await();
    Conversation c2 = new Conversation("c2", new ChannelIdentity("telegram", "42"), null, T0, T0, new JsonObject());
    sqlite.conversations().record(c2, List.of(new NewEntry("user", "hello", List.of(), null, null, null, T0))).await();
    String number = sqlite.appeals().nextNumber(T0).await();
    sqlite.appeals().nextNumber(T0).await(); // a number taken but never used: a gap
    Appeal filed = new Appeal(number, rosa, "c1", "zh", "street-lighting", 0.9, "city-management", "xicheng",
        "5 Xinjiekou street", "the streetlight is out", "for a week", null, false, AppealStatus.DISPATCHED, null, T0, T0, 1);
    sqlite.appeals().insert(filed, List.of(
        new AuditEntry(number, T0, "citizen", null, AppealStatus.RECEIVED, null),
        new AuditEntry(number, T0, "router", AppealStatus.RECEIVED, AppealStatus.DISPATCHED, "category street-lighting")),
        "c1:draft-1").await();
    Change accepted = new Lifecycle(Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC)).accept(filed, "city-management", "crew sent");
    sqlite.appeals().update(accepted).await();
    sqlite.appeals().rate(number, 4, T0.plusSeconds(120)).await();
    sqlite.appeals().link(number, number).await();
    sqlite.feedback().recordUnanswered(UnansweredQuestion.of("where can I buy a peking duck", "en", T0)).await();
    sqlite.appeals().saveKey(new DepartmentKey("key00001", "city-management", "salt", "hash", 1000, T0, null)).await();
    sqlite.channelState().put("telegram:123:chat:42", "{\"conversationId\":\"c2\"}").await();
    sqlite.channelState().put("telegram:123:offset", "1007", Duration.ofHours(1)).await();
    sqlite.channelState().put("webhook:message:gone", "x", Duration.ofMillis(1)).await();
    sqlite.operators().createAccount(new org.swiftline.gateway.operators.Account("olga",
        org.swiftline.gateway.operators.Role.OPERATOR, List.of("ru", "en"), false, "pbkdf2$hash-as-stored", T0)).await();
    sqlite.operators().audit(new org.swiftline.gateway.operators.Action(T0, "admin", "account.create", null, "olga")).await();
    sqlite.operators().audit(new org.swiftline.gateway.operators.Action(T0.plusSeconds(9), "olga", "claim", "c1", null)).await();
    sqlite.close().get().await();

    // when it is migrated
    Run first = migrate("--from", db.toString(), "--to", RedisStoresTest.URL, "--prefix", prefix);

    // then Redis has all of it, and the counts say so
    assertEquals(0, first.status(), first.err());
    assertTrue(first.out().contains("conversations 2 (messages 3, feedback 1), appeals 1 (audit entries 3), "
        + "department keys 1, channel state 2, operator accounts 1 (audit lines 2), unanswered questions 1; already in Redis and left as they were: 0"),
        first.out());
    Stores redis = RedisStores.open(vertx, RedisStoresTest.URL, prefix).await();
    try {
      Conversation copied = redis.conversations().find("c1").await().orElseThrow();
      assertEquals(c1.owner(), copied.owner());
      assertEquals("zh", copied.language());
      assertEquals("visa-extension", copied.state().getString("lastArticle"));
      List<TranscriptEntry> transcript = redis.conversations().transcript("c1", 0, 10).await();
      assertEquals(List.of(1L, 2L), transcript.stream().map(TranscriptEntry::seq).toList());
      assertEquals("签证怎么延期？", transcript.get(0).text());
      assertEquals(List.of(new QuickReply("有帮助", "feedback:helpful")), transcript.get(1).quickReplies());
      assertEquals(1, redis.feedback().forConversation("c1").await().size());
      Appeal appeal = redis.appeals().find(number).await().orElseThrow();
      assertEquals(AppealStatus.IN_PROGRESS, appeal.status());
      assertEquals(3, redis.appeals().trail(number).await().size());
      assertEquals(Optional.of("key00001"), redis.appeals().findKey("key00001").await().map(DepartmentKey::id));
      assertEquals(Optional.of("1007"), redis.channelState().get("telegram:123:offset").await());
      assertEquals(Optional.empty(), redis.channelState().get("webhook:message:gone").await());
      // and a gateway on Redis carries on: transcript numbers and appeal numbers continue after the copied ones
      assertEquals(3, redis.conversations().record(c1, List.of(new NewEntry("user", "谢谢", List.of(), "zh", null, null, T0)))
          .await().get(0).seq());
      assertTrue(redis.appeals().nextNumber(T0).await().endsWith("-000003"));
    } finally {
      AppealFact facts = redis.appeals().fact(number).await().orElseThrow();
      assertEquals(Integer.valueOf(4), facts.satisfaction());
      assertEquals(number, facts.cluster());
      assertEquals(T0.plusSeconds(60), facts.firstResponseAt(), "the department accepted it a minute after filing");
      assertEquals(List.of("where can I buy a peking duck"), redis.feedback()
          .unanswered(Instant.EPOCH, T0.plusSeconds(3600), 10).await().stream().map(UnansweredQuestion::text).toList());
      org.swiftline.gateway.operators.Account olga = redis.operators().account("olga").await().orElseThrow();
      assertEquals("pbkdf2$hash-as-stored", olga.passwordHash());
      assertEquals(List.of("ru", "en"), olga.languages());
      assertEquals(List.of("claim", "account.create"),
          redis.operators().audits(null, 10).await().stream().map(org.swiftline.gateway.operators.Action::action).toList());
      redis.close().get().await();
    }

    // when it is run again, nothing is copied twice
    Run second = migrate("--from", db.toString(), "--to", RedisStoresTest.URL, "--prefix", prefix);
    assertEquals(0, second.status(), second.err());
    assertTrue(second.out().contains("conversations 0 (messages 0, feedback 0), appeals 0 (audit entries 0), "
        + "department keys 0, channel state 0, operator accounts 0 (audit lines 0), unanswered questions 0; already in Redis and left as they were: 9"),
        second.out());
    Stores again = RedisStores.open(vertx, RedisStoresTest.URL, prefix).await();
    try {
      assertEquals(3, again.conversations().transcript("c1", 0, 10).await().size());
      assertEquals(1, again.feedback().forConversation("c1").await().size());
      assertEquals(3, again.appeals().trail(number).await().size());
    } finally {
      again.close().get().await();
    }
  }

  @Test
  void aMissingFileOrBadArgumentsAreReportedWithoutTouchingRedis() {
    Run missing = migrate("--from", dir.resolve("nope.db").toString(), "--to", RedisStoresTest.URL, "--prefix", prefix);
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("nope.db"), missing.err());
    Run incomplete = migrate("--from", "x.db");
    assertEquals(2, incomplete.status());
    assertTrue(incomplete.err().contains("--to"), incomplete.err());
    assertEquals(2, migrate("--form", "x.db").status());
    assertTrue(Files.notExists(dir.resolve("nope.db")), "the missing file was not created");
  }
}
