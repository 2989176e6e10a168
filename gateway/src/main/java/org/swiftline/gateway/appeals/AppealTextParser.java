package org.swiftline.gateway.appeals;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the parts of an appeal in free text, so that "the streetlight on Xinjiekou street in Xicheng has
 * been broken for a week" already answers where and when: a district by name, an address or landmark
 * ("on Xinjiekou street", "新街口大街5号"), a time ("for a week", "since yesterday", "三天了"), a phone
 * number. English and Chinese patterns; in other languages the person answers each question in turn.
 * Pure and thread-safe.
 */
public final class AppealTextParser {
  /** What was found; each part {@code null} when absent. */
  public record Parts(String district, String address, String when, String phone) {
    public boolean isEmpty() {
      return district == null && address == null && when == null && phone == null;
    }
  }

  private static final String PLACE_WORDS = "street|st|road|rd|avenue|ave|lane|hutong|alley|bridge|park|station|"
      + "subway station|metro station|community|compound|building|block|square|market|mall|school|hospital|gate|"
      + "residential area|estate|village|plaza|tower|canal|underpass|intersection|crossing|ring road";
  private static final Pattern EN_ADDRESS = Pattern.compile(
      "(?i)\\b(?:on|at|near|outside|opposite|behind|beside|next to|in front of|along|in)\\s+(?:the\\s+)?"
          + "((?:(?:no\\.?\\s*)?\\d+[a-z]?\\s+)?(?:[\\p{L}\\d'’.-]+\\s+){0,4}?(?:" + PLACE_WORDS + ")\\b(?:\\s+(?:no\\.?\\s*)?\\d+[a-z]?)?"
          + "(?:(?:,?\\s+(?:on|at|near|of)\\s+)(?:the\\s+)?(?:[\\p{L}\\d'’.-]+\\s+){0,4}?(?:" + PLACE_WORDS + ")\\b)?)");
  /** "my building", "our compound": where the person lives, not an address a department can find. */
  private static final Pattern VAGUE = Pattern.compile("(?i)(?:my|our|your|his|her|their|this|that)\\s");
  private static final Pattern EN_NUMBERED = Pattern.compile(
      "(?i)\\b(\\d+[a-z]?\\s+(?:[\\p{L}'’.-]+\\s+){1,4}?(?:" + PLACE_WORDS + "))\\b");
  private static final String ZH_STOP = "的了在是有我你他她它们这那个很也都就把被让给和与及或说要想去来到从没不已经一直";
  private static final Pattern ZH_ADDRESS = Pattern.compile(
      "((?:[\\p{IsHan}A-Za-z0-9&&[^" + ZH_STOP + "]]){1,14}"
          + "(?:大街|路|街|胡同|巷|小区|社区|公园|桥|广场|地铁站|车站|号楼|号院|村|大厦|医院|学校|市场|商场|园区|公寓)"
          + "(?:[0-9一二三四五六七八九十百]+(?:号楼|号院|号|单元|层))*)(?![灯面况线费上])");
  private static final Pattern EN_WHEN = Pattern.compile("(?i)\\b("
      + "(?:for|since|over)\\s+(?:the\\s+)?(?:(?:past|last)\\s+)?(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|few|many|\\d+)?\\s*(?:minutes?|hours?|days?|nights?|weeks?|months?|years?|weekends?)"
      + "|since\\s+(?:yesterday|last\\s+\\w+|monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|autumn|winter|\\d[\\d/:.-]*\\w*)(?:\\s+(?:morning|afternoon|evening|night))?"
      + "|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a few|\\d+)\\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\\s+ago"
      + "|(?:yesterday|today|tonight|this morning|this afternoon|this evening|last night|last week|last month|last weekend|every (?:day|night|morning|evening|weekend))"
      + "|(?:on\\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:\\s+(?:morning|afternoon|evening|night))?"
      + "|\\d{4}-\\d{1,2}-\\d{1,2}|\\d{1,2}/\\d{1,2}(?:/\\d{2,4})?"
      + "|(?:at\\s+)?\\d{1,2}(?::\\d{2})?\\s*(?:am|pm)"
      + ")\\b");
  private static final Pattern ZH_WHEN = Pattern.compile("("
      + "[0-9一二两三四五六七八九十几半好多]+(?:个)?(?:多)?(?:分钟|小时|天|晚|周|星期|礼拜|个月|月|年)(?:多)?(?:了|以来|之前|前)?"
      + "|(?:从|自)?(?:昨天|前天|今天|今早|今晚|昨晚|前晚|上周|上星期|上个月|去年|最近|这几天|近日|每天|每晚|天天|凌晨|早上|上午|中午|下午|晚上|夜里|周末)(?:开始|起|以来)?"
      + "|[0-9一二三四五六七八九十]+月[0-9一二三四五六七八九十]+[日号]"
      + ")");
  private static final Pattern PHONE = Pattern.compile("(?<![\\d+])(\\+?\\d[\\d ()-]{5,20}\\d)(?!\\d)");

  private final Districts districts;

  public AppealTextParser(Districts districts) {
    this.districts = districts;
  }

  /** The parts found in {@code text}. */
  public Parts parse(String text) {
    String district = districts.find(text).map(Districts.District::id).orElse(null);
    return new Parts(district, address(text), when(text), phone(text));
  }

  static String address(String text) {
    Matcher m = EN_ADDRESS.matcher(text);
    while (m.find()) {
      if (!VAGUE.matcher(m.group(1)).lookingAt()) return clean(m.group(1));
    }
    m = EN_NUMBERED.matcher(text);
    if (m.find()) return clean(m.group(1));
    m = ZH_ADDRESS.matcher(text);
    String best = null;
    while (m.find()) {
      if (best == null || m.group(1).length() > best.length()) best = m.group(1);
    }
    return best;
  }

  static String when(String text) {
    Matcher m = EN_WHEN.matcher(text);
    if (m.find()) return clean(m.group(1));
    m = ZH_WHEN.matcher(text);
    if (m.find()) return m.group(1);
    return null;
  }

  static String phone(String text) {
    Matcher m = PHONE.matcher(text);
    while (m.find()) {
      String candidate = m.group(1).strip();
      long digits = candidate.chars().filter(Character::isDigit).count();
      if (digits >= 7 && digits <= 15 && Appeal.PHONE.matcher(candidate).matches()) return candidate;
    }
    return null;
  }

  private static String clean(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }
}
