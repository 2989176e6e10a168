package org.swiftline.gateway.analytics;

import java.util.List;
import java.util.regex.Pattern;
import org.swiftline.gateway.appeals.Appeal;
import org.swiftline.gateway.store.AppealFact;

/**
 * Appeals as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks in double quotes,
 * quotes doubled, CRLF line ends), for spreadsheets: a field that a spreadsheet would run as a formula
 * (starting with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe. Personal data is
 * left out unless an administrator asks for it ({@code personal}): then the phone number the citizen
 * consented to, their channel and user id and their own words unredacted follow; otherwise there is no
 * phone number, no channel identity or conversation, and numbers that look like phone numbers in the
 * citizen's text read {@code [number removed]}.
 */
public final class AppealCsv {
  public static final List<String> HEADER = List.of("number", "filed_at", "status", "category", "category_name",
      "department", "district", "language", "what", "address", "when", "first_response_at", "resolved_at", "solved",
      "satisfaction", "similar_group");
  private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\d[\\d ()-]{5,20}\\d");

  /** The columns added for an administrator who asks for personal data. */
  public static final List<String> PERSONAL = List.of("phone", "channel", "user_id");

  private final AppealFigures.Names names;
  private final boolean personal;

  public AppealCsv(AppealFigures.Names names) {
    this(names, false);
  }

  /** @param personal with the personal columns and unredacted text: for administrators only */
  public AppealCsv(AppealFigures.Names names, boolean personal) {
    this.names = names;
    this.personal = personal;
  }

  /** The header line. */
  public String header() {
    if (!personal) return line(HEADER);
    List<String> all = new java.util.ArrayList<>(HEADER);
    all.addAll(PERSONAL);
    return line(all);
  }

  /** One appeal's line; {@code fact} may be {@code null} (then the analytics columns are empty). */
  public String row(Appeal a, AppealFact fact) {
    List<String> fields = new java.util.ArrayList<>(java.util.Arrays.asList(a.number(), a.createdAt().toString(), a.status().wire(), a.category(),
        a.category() == null ? null : names.category(a.category()), a.department(), a.district(), a.language(),
        text(a.what()), text(a.address()), text(a.when()),
        fact == null || fact.firstResponseAt() == null ? null : fact.firstResponseAt().toString(),
        fact == null || fact.resolvedAt() == null ? null : fact.resolvedAt().toString(),
        fact == null || fact.solved() == null ? null : fact.solved() ? "yes" : "no",
        fact == null || fact.satisfaction() == null ? null : String.valueOf(fact.satisfaction()),
        fact == null ? null : fact.cluster()));
    if (personal) {
      fields.addAll(java.util.Arrays.asList(a.phoneConsent() ? a.phone() : null, a.citizen().channel(), a.citizen().userId()));
    }
    return line(fields);
  }

  private String text(String text) {
    return personal ? text : redact(text);
  }

  private static String redact(String text) {
    return text == null ? null : PHONE_LIKE.matcher(text).replaceAll("[number removed]");
  }

  static String line(List<String> fields) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) line.append(',');
      line.append(field(fields.get(i)));
    }
    return line.append("\r\n").toString();
  }

  /** One field: empty for {@code null}, formulas defused, quoted when needed. */
  static String field(String value) {
    if (value == null || value.isEmpty()) return "";
    String v = value;
    char first = v.charAt(0);
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') v = "'" + v;
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
        || v.startsWith(" ") || v.endsWith(" ");
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }
}
