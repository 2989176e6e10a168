package org.swiftline.gateway.store;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.appeals.AuditEntry;
import org.swiftline.gateway.appeals.Change;
import org.swiftline.gateway.appeals.DepartmentKey;

/**
 * Appeals, their append-only audit trails and the departments' API keys. Implementations:
 * {@code store/sqlite} (default) and {@code store/redis}; both pass {@code AppealStoreContract}.
 *
 * <p>Every write succeeds only once it is durable: an appeal whose number was acknowledged survives a
 * crash of the gateway (and, with SQLite, a power loss; with Redis, as far as its append-only file goes).
 */
public interface AppealStore {

  /**
   * Takes the next appeal number for an appeal filed at {@code at}; numbers are unique across every
   * gateway on the store, and one taken but never used leaves a gap.
   */
  Future<String> nextNumber(Instant at);

  /**
   * Stores a new appeal with the first lines of its audit trail, atomically.
   *
   * @param requestKey identifies the filing request (a conversation's draft, say): a second insert with
   *     the same key stores nothing and succeeds with the appeal stored the first time
   * @return a future that succeeds with the stored appeal once it is durable
   */
  Future<Appeal> insert(Appeal appeal, List<AuditEntry> trail, String requestKey);

  /** Succeeds with the appeal, or empty when there is none with this number. */
  Future<Optional<Appeal>> find(String number);

  /**
   * Stores a change: the new version and its audit-trail line, atomically.
   *
   * @return a future that succeeds with the new version, or fails with {@link StaleAppeal} when the stored
   *     version is not the one the change was made to
   */
  Future<Appeal> update(Change change);

  /** Succeeds with the appeal's audit trail, oldest first (empty for an unknown appeal). */
  Future<List<AuditEntry>> trail(String number);

  /** Succeeds with the appeals that match, newest first. */
  Future<List<Appeal>> search(AppealQuery query);

  /** Stores a department API key (a new one, or the same id revoked). */
  Future<Void> saveKey(DepartmentKey key);

  /** Succeeds with the key with this id, or empty. */
  Future<Optional<DepartmentKey>> findKey(String id);

  /**
   * Records the citizen's satisfaction with how the appeal was handled, 1 to 5; a later rating replaces an
   * earlier one.
   *
   * @return a future that fails with {@code NoSuchAppeal} when there is no appeal with this number
   */
  Future<Void> rate(String number, int satisfaction, Instant at);

  /**
   * Puts an appeal into a group of similar appeals, named by the number of the group's first appeal.
   *
   * @return a future that fails with {@code NoSuchAppeal} when there is no appeal with this number
   */
  Future<Void> link(String number, String cluster);

  /** Succeeds with the numbers of the appeals in a group of similar appeals, oldest first. */
  Future<List<String>> cluster(String cluster);

  /** Succeeds with the facts of one appeal, or empty. */
  Future<Optional<AppealFact>> fact(String number);

  /** Succeeds with the facts of the appeals filed in [{@code from}, {@code to}), oldest first: for analytics. */
  Future<List<AppealFact>> facts(Instant from, Instant to);

  /**
   * Succeeds with the tallies of the appeals the query counts, one per {@link AppealGroup} that has any, in
   * {@link AppealGroup#ORDER}: for analytics. The default counts {@link #facts} in Java; a store with a query
   * language counts where the appeals are, and gives the same tallies.
   */
  default Future<List<AppealTally>> tally(TallyQuery query) {
    return facts(query.from(), query.to()).map(facts -> AppealTally.count(query, facts));
  }

  /**
   * Succeeds with the times to first response and to resolution of the appeals the query counts, one per
   * {@link AppealGroup} that has any, in {@link AppealGroup#ORDER}: for analytics. The default gathers them
   * from {@link #facts} in Java.
   */
  default Future<List<AppealTimes>> times(TallyQuery query) {
    return facts(query.from(), query.to()).map(facts -> AppealTimes.of(query, facts));
  }

  /**
   * Succeeds with a page of at most {@code limit} appeals filed in [{@code from}, {@code to}) with their facts,
   * oldest first (by filing time, then number): for exports. Pages follow each other by key, not by count,
   * so an appeal filed meanwhile neither shifts nor repeats one.
   *
   * @param after the last row of the previous page, or {@code null} for the first page
   */
  Future<List<AppealRow>> page(Instant from, Instant to, AppealRow after, int limit);
}
