package org.swiftline.gateway.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AuditEntry;
import org.swiftline.gateway.appeals.DepartmentKey;
import org.swiftline.gateway.store.redis.RedisImport;
import org.swiftline.gateway.store.redis.RedisStores;
import org.swiftline.gateway.store.sqlite.SqliteExport;
import org.swiftline.gateway.store.sqlite.SqliteStores;

/**
 * Copies an embedded store into Redis: conversations with their transcripts and feedback, appeals with
 * their audit trails, request keys and analytics facts (first response, resolution, verdict, rating,
 * similar-appeal group), the appeal counter, department keys, channel state, operator
 * accounts (with their password hashes; sessions are not copied, so operators sign in again) and the
 * operators' audit log and the unanswered questions (each only into a Redis that has none yet, so that
 * they are never doubled).
 * Idempotent: whatever is already in Redis (copied before, or written there by a gateway since) is left as
 * it is, so it can be run again after an interrupted copy. Like {@link StoreFactory}, wiring that names implementations.
 */
public final class Migration {
  /** One transcript entry as stored, with its number and the turn's outcome and article. */
  public record Message(long seq, NewEntry entry) {}

  /** A channel-state key with its value and expiry ({@code null}: none). */
  public record ChannelValue(String key, String value, Long expiresAtMillis) {}

  /** What a migration did: copied, or left because Redis had it already. */
  public record Counts(long conversations, long messages, long feedback, long appeals, long auditEntries,
      long departmentKeys, long channelState, long operatorAccounts, long operatorActions, long unanswered,
      long alreadyThere) {
    @Override
    public String toString() {
      return "conversations " + conversations + " (messages " + messages + ", feedback " + feedback + "), appeals "
          + appeals + " (audit entries " + auditEntries + "), department keys " + departmentKeys + ", channel state "
          + channelState + ", operator accounts " + operatorAccounts + " (audit lines " + operatorActions + ")"
          + ", unanswered questions " + unanswered
          + "; already in Redis and left as they were: " + alreadyThere;
    }
  }

  private Migration() {}

  /**
   * Copies the SQLite file {@code from} into the Redis at {@code to} under {@code prefix}.
   *
   * @return a future that succeeds with the counts, or fails naming the file or Redis URL at fault
   */
  public static Future<Counts> run(Vertx vertx, Path from, String to, String prefix, Clock clock) {
    if (!Files.isRegularFile(from)) {
      return Future.failedFuture(new IllegalArgumentException("--from: no embedded database at " + from));
    }
    WorkerExecutor worker = vertx.createSharedWorkerExecutor("swiftline-migration", 1);
    return worker.executeBlocking(() -> SqliteExport.open(from), false).compose(export ->
        SqliteStores.open(vertx, from).compose(source ->
            RedisStores.open(vertx, to, prefix).compose(target ->
                RedisImport.open(vertx, to, prefix).compose(importer ->
                    new Copy(worker, export, source, target, importer, clock).all()
                        .eventually(importer::close))
                    .eventually(() -> target.close().get()))
                .eventually(() -> source.close().get()))
            .eventually(() -> worker.executeBlocking(() -> {
              export.close();
              return null;
            }, false)))
        .eventually(worker::close);
  }

  /** One run of the copy. */
  private static final class Copy {
    private static final int BATCH = 32;
    private final WorkerExecutor worker;
    private final SqliteExport export;
    private final Stores source;
    private final Stores target;
    private final RedisImport importer;
    private final Clock clock;
    private final AtomicLong conversations = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong feedback = new AtomicLong();
    private final AtomicLong appeals = new AtomicLong();
    private final AtomicLong audit = new AtomicLong();
    private final AtomicLong keys = new AtomicLong();
    private final AtomicLong channel = new AtomicLong();
    private final AtomicLong accounts = new AtomicLong();
    private final AtomicLong actions = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    Copy(WorkerExecutor worker, SqliteExport export, Stores source, Stores target, RedisImport importer, Clock clock) {
      this.worker = worker;
      this.export = Objects.requireNonNull(export);
      this.source = source;
      this.target = target;
      this.importer = importer;
      this.clock = clock;
    }

    Future<Counts> all() {
      return conversations().compose(v -> appeals()).compose(v -> departmentKeys()).compose(v -> channelState())
          .compose(v -> operatorAccounts()).compose(v -> operatorAudit()).compose(v -> unanswered())
          .map(v -> new Counts(conversations.get(), messages.get(), feedback.get(), appeals.get(), audit.get(),
              keys.get(), channel.get(), accounts.get(), actions.get(), gaps.get(), skipped.get()));
    }

    private Future<Void> operatorAccounts() {
      return source.operators().accounts().compose(list -> {
        Future<Void> chain = Future.succeededFuture();
        for (org.swiftline.gateway.operators.Account account : list) {
          chain = chain.compose(v -> target.operators().account(account.name()).compose(there -> {
            if (there.isPresent()) {
              skipped.incrementAndGet();
              return Future.succeededFuture();
            }
            return target.operators().createAccount(account).map(created -> {
              accounts.incrementAndGet();
              return null;
            });
          }));
        }
        return chain;
      });
    }

    /** The questions the bot could not answer (knowledge-base gaps), into a Redis that has none yet. */
    private Future<Void> unanswered() {
      Instant from = Instant.EPOCH;
      Instant to = Instant.parse("9999-12-31T00:00:00Z");
      return target.feedback().unanswered(from, to, 1).compose(there -> {
        if (!there.isEmpty()) {
          skipped.incrementAndGet();
          return Future.succeededFuture();
        }
        return source.feedback().unanswered(from, to, Integer.MAX_VALUE).compose(questions -> {
          Future<Void> chain = Future.succeededFuture();
          for (UnansweredQuestion q : questions) {
            chain = chain.compose(v -> target.feedback().recordUnanswered(q).map(done -> {
              gaps.incrementAndGet();
              return null;
            }));
          }
          return chain;
        });
      });
    }

    /** The operators' audit log, oldest first, into a Redis that has none yet (an audit log is never rewritten). */
    private Future<Void> operatorAudit() {
      return target.operators().audits(null, 1).compose(there -> {
        if (!there.isEmpty()) {
          skipped.incrementAndGet();
          return Future.succeededFuture();
        }
        return source.operators().audits(null, Integer.MAX_VALUE).compose(newestFirst -> {
          Future<Void> chain = Future.succeededFuture();
          for (int i = newestFirst.size() - 1; i >= 0; i--) {
            org.swiftline.gateway.operators.Action action = newestFirst.get(i);
            chain = chain.compose(v -> target.operators().audit(action).map(done -> {
              actions.incrementAndGet();
              return null;
            }));
          }
          return chain;
        });
      });
    }

    private Future<Void> conversations() {
      return worker.<List<String>>executeBlocking(export::conversationIds, false).compose(ids -> {
        // a batch at a time, so that Redis round trips overlap without holding every transcript in memory
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < ids.size(); from += BATCH) {
          List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
          chain = chain.compose(v -> Future.all(batch.stream().map(this::conversation).toList()).mapEmpty());
        }
        return chain;
      });
    }

    private Future<Void> conversation(String id) {
      return source.conversations().find(id).compose(found -> {
        if (found.isEmpty()) return Future.succeededFuture();
        Conversation c = found.get();
        Future<List<Message>> transcript = worker.executeBlocking(() -> export.messages(id), false);
        Future<Long> lastSeq = worker.executeBlocking(() -> export.lastSeq(id), false);
        Future<List<AnswerFeedback>> verdicts = source.feedback().forConversation(id);
        return Future.all(transcript, lastSeq, verdicts).compose(x ->
            importer.conversation(c, lastSeq.result(), transcript.result(), verdicts.result()).map(copied -> {
              if (copied) {
                conversations.incrementAndGet();
                messages.addAndGet(transcript.result().size());
                feedback.addAndGet(verdicts.result().size());
              } else {
                skipped.incrementAndGet();
              }
              return null;
            }));
      });
    }

    private Future<Void> appeals() {
      return worker.<List<SqliteExport.AppealRow>>executeBlocking(export::appeals, false).compose(rows -> {
        Future<Void> chain = Future.succeededFuture();
        for (SqliteExport.AppealRow row : rows) chain = chain.compose(v -> appeal(row));
        return chain;
      }).compose(v -> worker.executeBlocking(export::appealCounter, false)).compose(importer::raiseAppealCounter);
    }

    private Future<Void> appeal(SqliteExport.AppealRow row) {
      return target.appeals().find(row.number()).compose(there -> {
        if (there.isPresent()) {
          skipped.incrementAndGet();
          return Future.succeededFuture();
        }
        Future<Optional<Appeal>> appeal = source.appeals().find(row.number());
        Future<List<AuditEntry>> trail = source.appeals().trail(row.number());
        return Future.all(appeal, trail).compose(x -> target.appeals()
            .insert(appeal.result().orElseThrow(), trail.result(), row.requestKey())
            .compose(stored -> source.appeals().fact(row.number()))
            .compose(fact -> fact.isEmpty() ? Future.<Void>succeededFuture() : importer.appealFacts(fact.get())
                .compose(v -> fact.get().cluster() == null ? Future.<Void>succeededFuture()
                    : target.appeals().link(row.number(), fact.get().cluster())))
            .map(stored -> {
              appeals.incrementAndGet();
              audit.addAndGet(trail.result().size());
              return null;
            }));
      });
    }

    private Future<Void> departmentKeys() {
      return worker.<List<String>>executeBlocking(export::departmentKeyIds, false).compose(ids -> {
        Future<Void> chain = Future.succeededFuture();
        for (String id : ids) {
          chain = chain.compose(v -> Future.all(source.appeals().findKey(id), target.appeals().findKey(id)).compose(both -> {
            Optional<DepartmentKey> mine = both.resultAt(0);
            Optional<DepartmentKey> theirs = both.resultAt(1);
            if (mine.isEmpty() || (theirs.isPresent() && (theirs.get().revokedAt() != null || mine.get().revokedAt() == null))) {
              skipped.incrementAndGet();
              return Future.succeededFuture();
            }
            // new there, or revoked here since an earlier copy: a revocation is carried over, never undone
            return target.appeals().saveKey(mine.get()).map(done -> {
              keys.incrementAndGet();
              return null;
            });
          }));
        }
        return chain;
      });
    }

    private Future<Void> channelState() {
      long now = clock.millis();
      return worker.<List<ChannelValue>>executeBlocking(() -> export.channelState(now), false).compose(values -> {
        Future<Void> chain = Future.succeededFuture();
        for (ChannelValue value : values) {
          chain = chain.compose(v -> importer.channelValue(value, now).map(copied -> {
            (copied ? channel : skipped).incrementAndGet();
            return null;
          }));
        }
        return chain;
      });
    }
  }
}
