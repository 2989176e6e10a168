package org.swiftline.gateway.appeals;

import java.time.Instant;
import java.util.Objects;

/**
 * A department's API key as stored: never the secret itself, only its salted PBKDF2 hash.
 *
 * @param id the public part of the key, used to find it
 * @param salt Base64 salt
 * @param hash Base64 PBKDF2-HMAC-SHA256 of the secret
 * @param revokedAt when it was revoked, or {@code null} while it is valid
 */
public record DepartmentKey(String id, String department, String salt, String hash, int iterations, Instant createdAt, Instant revokedAt) {
  public DepartmentKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(department, "department");
    Objects.requireNonNull(salt, "salt");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(createdAt, "createdAt");
    if (!id.matches("[a-z0-9]{8,64}")) throw new IllegalArgumentException("key id must be 8 to 64 lowercase letters and digits");
    if (iterations < 1) throw new IllegalArgumentException("iterations must be positive");
  }
}
