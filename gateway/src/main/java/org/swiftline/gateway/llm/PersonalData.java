package org.swiftline.gateway.llm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data before text leaves for a model: e-mail addresses, identity-card numbers (18 or 15
 * digits, as in China's resident ID) and phone numbers (7 to 15 digits, with spaces, dashes, dots or
 * brackets) become numbered placeholders such as {@code [PHONE_1]}; {@link Masked#unmask} puts the
 * originals back into what the model wrote. Dates ({@code 2026-11-28}) and appeal numbers are left alone
 * only when they are not phone-shaped. Pure and thread-safe.
 */
public final class PersonalData {
  private static final Pattern EMAIL = Pattern.compile("[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}");
  private static final Pattern ID = Pattern.compile("(?<![\\p{N}])(\\d{17}[\\dXx]|\\d{15})(?![\\p{N}])");
  private static final Pattern PHONE = Pattern.compile("(?<![\\p{N}\\w])(\\+?\\(?\\d[\\d ().-]{5,22}\\d)(?![\\p{N}])");
  private static final Pattern DATE = Pattern.compile("\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}");

  private final boolean enabled;

  /** @param enabled {@code false} when {@code SWIFTLINE_LLM_SEND_PERSONAL_DATA=true}: text passes unchanged */
  public PersonalData(boolean enabled) {
    this.enabled = enabled;
  }

  /** Text with its personal data replaced by placeholders, and the way back. */
  public record Masked(String text, Map<String, String> originals) {
    public Masked {
      originals = Map.copyOf(originals);
    }

    /** {@code output} with every placeholder the model kept replaced by the original again. */
    public String unmask(String output) {
      String result = output;
      for (Map.Entry<String, String> e : originals.entrySet()) result = result.replace(e.getKey(), e.getValue());
      return result;
    }
  }

  /** Masks {@code text} (unchanged when masking is off). */
  public Masked mask(String text) {
    if (!enabled || text == null) return new Masked(text == null ? "" : text, Map.of());
    Map<String, String> originals = new LinkedHashMap<>();
    String t = replace(text, EMAIL, "EMAIL", originals);
    t = replace(t, ID, "ID", originals);
    Matcher m = PHONE.matcher(t);
    StringBuilder out = new StringBuilder();
    int n = 0;
    while (m.find()) {
      String candidate = m.group(1);
      long digits = candidate.chars().filter(Character::isDigit).count();
      if (digits < 7 || digits > 15 || DATE.matcher(candidate.strip()).matches()) {
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
        continue;
      }
      String key = "[PHONE_" + (++n) + "]";
      originals.put(key, candidate);
      m.appendReplacement(out, Matcher.quoteReplacement(key));
    }
    m.appendTail(out);
    return new Masked(out.toString(), originals);
  }

  private static String replace(String text, Pattern pattern, String kind, Map<String, String> originals) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    int n = 0;
    while (m.find()) {
      String key = "[" + kind + "_" + (++n) + "]";
      originals.put(key, m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(key));
    }
    m.appendTail(out);
    return out.toString();
  }
}
