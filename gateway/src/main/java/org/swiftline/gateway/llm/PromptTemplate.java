package org.swiftline.gateway.llm;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One prompt template from {@code prompts/<name>.md}: a {@code version: N} line, then a {@code ## system}
 * section and a {@code ## user} section, with {@code {{variable}}} placeholders. Rendering replaces each
 * placeholder once, literally (a value that itself contains {@code {{x}}} is not expanded), and refuses a
 * missing or unexpected variable.
 *
 * @param name the file name without {@code .md}
 * @param version the template's version, logged with every call so that answers can be traced to it
 */
public record PromptTemplate(String name, int version, String system, String user) {
  static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-zA-Z][a-zA-Z0-9_]*)\\s*}}");
  private static final Pattern VERSION = Pattern.compile("version:\\s*(\\d{1,6})\\s*");

  /** A rendered prompt, ready for the model. */
  public record Rendered(String name, int version, String system, String user) {}

  public PromptTemplate {
    Objects.requireNonNull(name, "name");
    if (version < 1) throw new IllegalArgumentException("version: must be 1 or more");
    if (system == null || system.isBlank()) throw new IllegalArgumentException("system: the '## system' section is empty");
    if (user == null || user.isBlank()) throw new IllegalArgumentException("user: the '## user' section is empty");
  }

  /**
   * Parses a template file's text.
   *
   * @throws IllegalArgumentException naming the problem (the caller adds the file name)
   */
  public static PromptTemplate parse(String name, String text) {
    String[] lines = text.replace("\r\n", "\n").split("\n", -1);
    Integer version = null;
    StringBuilder system = null;
    StringBuilder user = null;
    StringBuilder current = null;
    for (String line : lines) {
      String t = line.strip();
      if (current == null) {
        Matcher v = VERSION.matcher(t);
        if (version == null && v.matches()) {
          version = Integer.parseInt(v.group(1));
          continue;
        }
      }
      if (t.equalsIgnoreCase("## system")) {
        if (system != null) throw new IllegalArgumentException("two '## system' sections");
        current = system = new StringBuilder();
      } else if (t.equalsIgnoreCase("## user")) {
        if (user != null) throw new IllegalArgumentException("two '## user' sections");
        current = user = new StringBuilder();
      } else if (current != null) {
        current.append(line).append('\n');
      } else if (!t.isEmpty() && !t.startsWith("#") && !t.startsWith("<!--")) {
        throw new IllegalArgumentException("text before the '## system' section: '" + t + "'");
      }
    }
    if (version == null) throw new IllegalArgumentException("no 'version: N' line at the top");
    if (system == null) throw new IllegalArgumentException("no '## system' section");
    if (user == null) throw new IllegalArgumentException("no '## user' section");
    return new PromptTemplate(name, version, system.toString().strip(), user.toString().strip());
  }

  /** The variables the template uses, in order of first use. */
  public Set<String> variables() {
    Set<String> names = new LinkedHashSet<>();
    for (String part : new String[] {system, user}) {
      Matcher m = VARIABLE.matcher(part);
      while (m.find()) names.add(m.group(1));
    }
    return names;
  }

  /**
   * Fills the template.
   *
   * @throws IllegalArgumentException when a variable the template uses is not given, or one given is not used
   */
  public Rendered render(Map<String, String> values) {
    Set<String> used = variables();
    for (String v : used) {
      if (values.get(v) == null) throw new IllegalArgumentException("prompt " + name + ": no value for {{" + v + "}}");
    }
    for (String v : values.keySet()) {
      if (!used.contains(v)) throw new IllegalArgumentException("prompt " + name + ": it has no {{" + v + "}}");
    }
    return new Rendered(name, version, fill(system, values), fill(user, values));
  }

  private static String fill(String text, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
    m.appendTail(out);
    return out.toString();
  }
}
