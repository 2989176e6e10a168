package org.swiftline.gateway.operators;

import java.time.Instant;
import java.util.Objects;

/**
 * A signed-in console session. The store keeps only the SHA-256 of the token the browser holds.
 *
 * @param tokenHash hex SHA-256 of the session token
 * @param expiresAt when it ends unless used again (sliding expiry)
 */
public record Session(String tokenHash, String name, Instant createdAt, Instant expiresAt) {
  public Session {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public Session until(Instant newExpiry) {
    return new Session(tokenHash, name, createdAt, newExpiry);
  }
}
