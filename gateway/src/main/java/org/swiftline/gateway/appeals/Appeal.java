package org.swiftline.gateway.appeals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.regex.Pattern;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.bots.LanguageTags;

/**
 * A citizen's appeal: what happened, where and when, who filed it in which conversation, how it was
 * classified and routed, and where it is in its life. Immutable; every change makes a new version.
 *
 * @param number the appeal's public number, e.g. {@code 20261128-000042} (date of filing, then a counter)
 * @param citizen who filed it; only they see it in the chat
 * @param conversationId the conversation it was filed in, where notifications go; {@code null} when it
 *     came from elsewhere (Open311)
 * @param language the language the citizen used, for notifications
 * @param category the category id it was classified into, or {@code null} when unknown
 * @param confidence the classifier's confidence in {@code category}, 0 to 1
 * @param department the department it is routed to, or {@code null} while in triage
 * @param district the district id, or {@code null} when not known
 * @param address the address or landmark, as the citizen gave it, or {@code null}
 * @param what what happened, as the citizen told it
 * @param when when it happened or since when, as the citizen told it, or {@code null}
 * @param phone a callback number, only ever kept with {@code phoneConsent}
 * @param resolution the department's reply to the citizen once resolved, or {@code null}
 * @param version increases by one with every change; stores refuse a change made to an older version
 */
public record Appeal(
    String number, ChannelIdentity citizen, String conversationId, String language, String category, double confidence,
    String department, String district, String address, String what, String when, String phone, boolean phoneConsent,
    AppealStatus status, String resolution, Instant createdAt, Instant updatedAt, long version) {
  public static final Pattern NUMBER = Pattern.compile("\\d{8}-\\d{6,12}");
  public static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()-]{4,22}[0-9]");
  public static final int MAX_TEXT = 2000;

  public Appeal {
    Objects.requireNonNull(number, "number");
    Objects.requireNonNull(citizen, "citizen");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (!NUMBER.matcher(number).matches()) throw new IllegalArgumentException("number '" + number + "' is malformed");
    if (!LanguageTags.isWellFormed(language)) throw new IllegalArgumentException("language must be a BCP-47 tag");
    if (what.isBlank()) throw new IllegalArgumentException("what must not be blank");
    check("what", what);
    check("address", address);
    check("when", when);
    check("resolution", resolution);
    if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence must be from 0 to 1");
    if (phone != null && !phoneConsent) throw new IllegalArgumentException("phone may only be kept with consent");
    if (phone != null && !PHONE.matcher(phone).matches()) throw new IllegalArgumentException("phone is not a phone number");
    if (department == null && status != AppealStatus.RECEIVED && status != AppealStatus.REJECTED) {
      throw new IllegalArgumentException("an appeal in status " + status.wire() + " needs a department");
    }
    if (version < 1) throw new IllegalArgumentException("version must be at least 1");
    createdAt = createdAt.truncatedTo(ChronoUnit.MILLIS);
    updatedAt = updatedAt.truncatedTo(ChronoUnit.MILLIS);
  }

  private static void check(String field, String value) {
    if (value != null && value.codePointCount(0, value.length()) > MAX_TEXT) {
      throw new IllegalArgumentException(field + " must be at most " + MAX_TEXT + " characters");
    }
  }

  /** Whether the appeal waits in the triage queue for a person to route it. */
  public boolean inTriage() {
    return department == null && status == AppealStatus.RECEIVED;
  }

  /** The next version: another status and department, at {@code at}. */
  public Appeal moved(AppealStatus to, String department, String resolution, Instant at) {
    return new Appeal(number, citizen, conversationId, language, category, confidence, department, district, address,
        what, when, phone, phoneConsent, to, resolution, createdAt, at, version + 1);
  }

  /** The next version with another category and confidence (re-classification by a person). */
  public Appeal classified(String category, double confidence, Instant at) {
    return new Appeal(number, citizen, conversationId, language, category, confidence, department, district, address,
        what, when, phone, phoneConsent, status, resolution, createdAt, at, version + 1);
  }

  /** The next version with nothing changed but its time: for notes, which change the audit trail only. */
  public Appeal touched(Instant at) {
    return new Appeal(number, citizen, conversationId, language, category, confidence, department, district, address,
        what, when, phone, phoneConsent, status, resolution, createdAt, at, version + 1);
  }
}
