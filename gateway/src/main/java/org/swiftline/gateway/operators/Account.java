package org.swiftline.gateway.operators;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.swiftline.bots.LanguageTags;

/**
 * A staff account of the operator console.
 *
 * @param name the sign-in name: 1 to 64 letters, digits, dots, dashes or underscores
 * @param languages the languages the operator speaks (primary subtags such as {@code en}), at least one
 * @param passwordHash the PBKDF2 hash of the password, as {@link Passwords} writes it; never the password
 */
public record Account(String name, Role role, List<String> languages, boolean disabled, String passwordHash, Instant createdAt) {
  public static final int MAX_LANGUAGES = 20;

  public Account {
    name = validName(name);
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(passwordHash, "passwordHash");
    Objects.requireNonNull(createdAt, "createdAt");
    languages = validLanguages(languages);
  }

  /** The name if it is a valid account name; fails saying what is wrong otherwise. */
  public static String validName(String name) {
    if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
      throw new IllegalArgumentException("name must be 1 to 64 letters, digits, dots, dashes or underscores");
    }
    return name;
  }

  /** Primary language subtags, lower case, without repeats; fails on an empty list or a malformed tag. */
  public static List<String> validLanguages(List<String> languages) {
    if (languages == null || languages.isEmpty() || languages.size() > MAX_LANGUAGES) {
      throw new IllegalArgumentException("languages must list 1 to " + MAX_LANGUAGES + " language tags such as \"en\"");
    }
    return languages.stream().map(tag -> {
      if (tag == null || !LanguageTags.isWellFormed(tag.strip())) {
        throw new IllegalArgumentException("languages: '" + tag + "' is not a language tag such as \"en\" or \"zh\"");
      }
      return LanguageTags.primary(tag.strip());
    }).distinct().toList();
  }

  public Account withRole(Role r) {
    return new Account(name, r, languages, disabled, passwordHash, createdAt);
  }

  public Account withLanguages(List<String> l) {
    return new Account(name, role, l, disabled, passwordHash, createdAt);
  }

  public Account withDisabled(boolean d) {
    return new Account(name, role, languages, d, passwordHash, createdAt);
  }

  public Account withPasswordHash(String h) {
    return new Account(name, role, languages, disabled, h, createdAt);
  }

  /** Whether the operator speaks {@code language}. */
  public boolean speaks(String language) {
    return language != null && languages.contains(language);
  }
}
