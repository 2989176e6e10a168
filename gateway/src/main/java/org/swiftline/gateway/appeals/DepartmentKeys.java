package org.swiftline.gateway.appeals;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.swiftline.gateway.store.AppealStore;

/**
 * Departments' API keys: {@code <id>.<secret>}, where the id finds the stored key and the secret is
 * checked against its salted PBKDF2-HMAC-SHA256 hash; the secret itself is shown once, when the key is
 * created, and never stored. Hashing runs on worker threads. A key that checked out is remembered (by a
 * SHA-256 of the whole key) for {@link #REMEMBER} so that every request does not pay for PBKDF2; revoking
 * a key forgets it at once on this instance, and within that time on others.
 */
public final class DepartmentKeys {
  static final int ITERATIONS = 120_000;
  static final Duration REMEMBER = Duration.ofSeconds(60);
  private static final int MAX_REMEMBERED = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A key as created: the one time its whole text is known. */
  public record Created(DepartmentKey key, String apiKey) {}

  private record Remembered(String keyId, String department, Instant until) {}

  private final AppealStore store;
  private final WorkerExecutor workers;
  private final Clock clock;
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();

  public DepartmentKeys(AppealStore store, WorkerExecutor workers, Clock clock) {
    this.store = store;
    this.workers = workers;
    this.clock = clock;
  }

  /** Creates and stores a key for {@code department}; succeeds with it and its text, shown this once. */
  public Future<Created> create(String department) {
    return workers.executeBlocking(() -> {
      byte[] id = new byte[8];
      byte[] secret = new byte[32];
      byte[] salt = new byte[16];
      RANDOM.nextBytes(id);
      RANDOM.nextBytes(secret);
      RANDOM.nextBytes(salt);
      String keyId = HexFormat.of().formatHex(id);
      String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
      DepartmentKey key = new DepartmentKey(keyId, department, Base64.getEncoder().encodeToString(salt),
          Base64.getEncoder().encodeToString(hash(secretText, salt, ITERATIONS)), ITERATIONS, clock.instant(), null);
      return new Created(key, keyId + "." + secretText);
    }, false).compose(created -> store.saveKey(created.key()).map(created));
  }

  /** Revokes the key {@code keyId} of {@code department}; succeeds with whether there was such a key. */
  public Future<Boolean> revoke(String department, String keyId) {
    if (!keyId.matches("[a-z0-9]{8,64}")) return Future.succeededFuture(false);
    return store.findKey(keyId).compose(found -> {
      if (found.isEmpty() || !found.get().department().equals(department)) return Future.succeededFuture(false);
      DepartmentKey k = found.get();
      remembered.values().removeIf(r -> r.keyId().equals(keyId));
      if (k.revokedAt() != null) return Future.succeededFuture(true);
      return store.saveKey(new DepartmentKey(k.id(), k.department(), k.salt(), k.hash(), k.iterations(), k.createdAt(),
          clock.instant())).map(true);
    });
  }

  /**
   * The department an API key belongs to.
   *
   * @return a future that succeeds with the department, or empty when the key is malformed, unknown,
   *     revoked or wrong
   */
  public Future<Optional<String>> department(String apiKey) {
    int dot = apiKey == null ? -1 : apiKey.indexOf('.');
    if (dot < 8 || dot > 64 || apiKey.length() > 200) return Future.succeededFuture(Optional.empty());
    String keyId = apiKey.substring(0, dot);
    String secret = apiKey.substring(dot + 1);
    if (!keyId.matches("[a-z0-9]+") || secret.isEmpty()) return Future.succeededFuture(Optional.empty());
    String fingerprint = sha256(apiKey);
    Remembered r = remembered.get(fingerprint);
    Instant now = clock.instant();
    if (r != null && r.until().isAfter(now)) return Future.succeededFuture(Optional.of(r.department()));
    return store.findKey(keyId).compose(found -> {
      if (found.isEmpty() || found.get().revokedAt() != null) return Future.succeededFuture(Optional.<String>empty());
      DepartmentKey k = found.get();
      return workers.executeBlocking(() -> MessageDigest.isEqual(
          hash(secret, Base64.getDecoder().decode(k.salt()), k.iterations()), Base64.getDecoder().decode(k.hash())), false)
          .map(ok -> {
            if (!ok) return Optional.<String>empty();
            if (remembered.size() >= MAX_REMEMBERED) remembered.clear();
            remembered.put(fingerprint, new Remembered(k.id(), k.department(), now.plus(REMEMBER)));
            return Optional.of(k.department());
          });
    });
  }

  static byte[] hash(String secret, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
