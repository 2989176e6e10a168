package org.swiftline.gateway.appeals;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.swiftline.bots.Outcome;
import org.swiftline.bots.QuickReply;
import org.swiftline.bots.Reply;
import org.swiftline.gateway.appeals.AppealPhrases.Intent;

/**
 * The appeal side of a conversation, as pure decisions on the conversation's state: collecting an appeal
 * one question at a time (what happened, where, which district, when, an optional phone with consent),
 * taking free text that answers several questions at once, corrections and "cancel" at any step, the
 * summary with confirm, change and cancel; and recognising requests about one's appeals (status, an
 * appeal number, the answer to "is the problem solved?"). Whatever needs the store comes back as a
 * {@link Request} for {@link AppealDesk} to carry out.
 *
 * <p>Quick-reply payloads: {@code appeal:confirm}, {@code appeal:edit}, {@code appeal:edit:<part>}
 * ({@code what}, {@code where}, {@code when}, {@code phone}), {@code appeal:cancel}, {@code appeal:skip},
 * {@code appeal:consent:yes}, {@code appeal:consent:no}, {@code request:status},
 * {@code appeal:solved:<number>}, {@code appeal:unsolved:<number>}, {@code appeal:rate:<number>:<1-5>}.
 */
public final class AppealConversation {
  /** The conversation-state field that holds the draft. */
  public static final String STATE = "appeal";
  public static final String CONFIRM = "appeal:confirm";
  public static final String EDIT = "appeal:edit";
  public static final String CANCEL = "appeal:cancel";
  public static final String SKIP = "appeal:skip";
  public static final String CONSENT_YES = "appeal:consent:yes";
  public static final String CONSENT_NO = "appeal:consent:no";
  public static final String STATUS = "request:status";
  public static final String SOLVED = "appeal:solved:";
  public static final String UNSOLVED = "appeal:unsolved:";
  /** A rating of how an appeal was handled: {@code appeal:rate:<number>:<1-5>}. */
  public static final String RATE = "appeal:rate:";
  /** The conversation-state field that names the appeal whose rating the bot has just asked for. */
  public static final String RATING = "appealRating";
  private static final Pattern RATE_PAYLOAD = Pattern.compile(Pattern.quote(RATE) + "(\\d{8}-\\d{6,12}):([1-5])");
  private static final Pattern NUMBER_IN_TEXT = Pattern.compile("(?<![\\d-])(\\d{8}-\\d{6,12})(?![\\d-])");

  /** The result of one message about appeals. */
  public record Step(JsonObject state, Outcome outcome, List<Reply> replies, Request request) {
    public Step {
      replies = List.copyOf(replies);
    }
  }

  /** Work for the desk before the turn can answer. */
  public sealed interface Request permits File, Status, Verdict, Rate {}

  /** File the draft; {@code state} is the conversation state to keep should filing fail. */
  public record File(AppealDraft draft, JsonObject stateIfFailed) implements Request {}

  /** Tell the person about their appeals: one number, or all when {@code number} is {@code null}. */
  public record Status(String number) implements Request {}

  /** The person says whether the resolution of appeal {@code number} solved the problem. */
  public record Verdict(String number, boolean solved) implements Request {}

  /** The person rates how appeal {@code number} was handled, 1 (very dissatisfied) to 5 (very satisfied). */
  public record Rate(String number, int satisfaction) implements Request {
    public Rate {
      if (satisfaction < 1 || satisfaction > 5) throw new IllegalArgumentException("satisfaction must be 1 to 5");
    }
  }

  private final Texts texts;
  private final AppealPhrases phrases;
  private final Districts districts;
  private final AppealTextParser parser;

  public AppealConversation(Texts texts, AppealPhrases phrases, Districts districts) {
    this.texts = texts;
    this.phrases = phrases;
    this.districts = districts;
    this.parser = new AppealTextParser(districts);
  }

  /** Whether the bot has just asked for the rating of an appeal in a conversation with this state. */
  public static boolean awaitsRating(JsonObject state) {
    return state.getString(RATING) != null;
  }

  /** The state without a pending rating (the person moved on). */
  public static JsonObject settled(JsonObject state) {
    JsonObject next = state.copy();
    next.remove(RATING);
    return next;
  }

  /** The state waiting for the rating of appeal {@code number}. */
  public static JsonObject awaitingRating(JsonObject state, String number) {
    return state.copy().put(RATING, number);
  }

  /**
   * A rating written as a message: one digit from 1 to 5 in any script ("4", "４", "٤"), alone or with a
   * few words around it ("5 stars", "4/5", "我给5分", "5점"); {@code null} for anything else.
   */
  static Integer score(String text) {
    String t = java.text.Normalizer.normalize(text.strip(), java.text.Normalizer.Form.NFKC)
        .replaceAll("(?i)\\s*(/|out of|из|sur|de|من)\\s*5\\s*", " ").strip();
    if (t.isEmpty() || t.codePointCount(0, t.length()) > 16 || t.split("\\s+").length > 3) return null;
    Integer score = null;
    for (int i = 0; i < t.length(); ) {
      int cp = t.codePointAt(i);
      i += Character.charCount(cp);
      if (!Character.isDigit(cp)) continue;
      if (score != null) return null;
      int value = Character.getNumericValue(cp);
      if (value < 1 || value > 5) return null;
      score = value;
    }
    return score;
  }

  /** Whether an appeal is being collected in a conversation with this state. */
  public static boolean collecting(JsonObject state) {
    return state.getJsonObject(STATE) != null;
  }

  /**
   * Handles a message if it is about appeals.
   *
   * @param asksForAppeal whether the message asks to file one (the {@code request:appeal} quick reply, or
   *     words such as "I want to complain"), as the dialogue recognised it
   * @return what to answer, or {@code null} when the message is not about appeals
   */
  public Step handle(JsonObject state, String text, String payload, String language, boolean asksForAppeal) {
    if (payload != null && payload.startsWith(RATE)) {
      Matcher rate = RATE_PAYLOAD.matcher(payload);
      if (rate.matches()) {
        return new Step(settled(state), Outcome.APPEAL_STATUS, List.of(),
            new Rate(rate.group(1), Integer.parseInt(rate.group(2))));
      }
    }
    String rating = state.getString(RATING);
    if (rating != null) {
      Integer score = payload == null && state.getJsonObject(STATE) == null ? score(text) : null;
      if (score != null) return new Step(settled(state), Outcome.APPEAL_STATUS, List.of(), new Rate(rating, score));
      state = settled(state); // the person moved on: the question lapses
    }
    if (payload != null && (payload.startsWith(SOLVED) || payload.startsWith(UNSOLVED))) {
      boolean solved = payload.startsWith(SOLVED);
      String number = payload.substring(solved ? SOLVED.length() : UNSOLVED.length());
      if (Appeal.NUMBER.matcher(number).matches()) {
        return new Step(state, Outcome.APPEAL_STATUS, List.of(), new Verdict(number, solved));
      }
    }
    JsonObject saved = state.getJsonObject(STATE);
    if (saved != null) return collect(state, AppealDraft.fromJson(saved), text, payload, language);
    if (asksForAppeal) {
      AppealDraft draft = AppealDraft.start(UUID.randomUUID().toString());
      return ask(state, draft, language, texts.text(language, "appeal.ask.what"));
    }
    if (STATUS.equals(payload)) return new Step(state, Outcome.APPEAL_STATUS, List.of(), new Status(null));
    if (payload == null) {
      Matcher number = NUMBER_IN_TEXT.matcher(text);
      if (number.find()) return new Step(state, Outcome.APPEAL_STATUS, List.of(), new Status(number.group(1)));
      if (phrases.matches(Intent.STATUS, text)) return new Step(state, Outcome.APPEAL_STATUS, List.of(), new Status(null));
    }
    return null;
  }

  /**
   * Fills the parts of the draft in {@code state} that are still missing and not yet asked for from a
   * language model's proposal (what the person wrote, read by the model), then asks the next open question
   * or shows the summary, where the person confirms or changes them.
   *
   * @param state a conversation state that holds a draft
   */
  public Step propose(JsonObject state, AppealProposal p, String language) {
    JsonObject saved = state.getJsonObject(STATE);
    if (saved == null) throw new IllegalArgumentException("state: no appeal draft");
    AppealDraft d = AppealDraft.fromJson(saved);
    if (d.what() == null && p.what() != null) d = d.withWhat(clip(p.what()));
    if (d.address() == null && p.where() != null && !d.wasAsked('w')) d = d.withAddress(clip(p.where()));
    if (d.district() == null && p.district() != null && districts.byId(p.district()).isPresent()) d = d.withDistrict(p.district());
    if (d.when() == null && p.when() != null && !d.wasAsked('t')) d = d.withWhen(clip(p.when()));
    if (d.category() == null && p.category() != null) d = d.withCategory(p.category());
    return next(state, d, language, null);
  }

  private Step collect(JsonObject state, AppealDraft draft, String text, String payload, String language) {
    if (CANCEL.equals(payload) || (payload == null && phrases.matches(Intent.CANCEL, text))) {
      JsonObject next = state.copy();
      next.remove(STATE);
      return new Step(next, Outcome.APPEAL_CANCELLED, List.of(Reply.text(texts.text(language, "appeal.cancelled"))), null);
    }
    if (payload != null && !expects(draft.step(), payload)) return repeat(state, draft, language);
    String answer = clip(text.strip());
    AppealTextParser.Parts parts = payload == null ? parser.parse(answer) : new AppealTextParser.Parts(null, null, null, null);
    switch (draft.step()) {
      case WHAT -> {
        draft = fill(draft.withWhat(answer), parts, false);
        return next(state, draft, language, null);
      }
      case WHERE -> {
        draft = draft.markAsked('w');
        if (!phrases.matches(Intent.UNKNOWN, answer)) {
          if (parts.district() != null) draft = draft.withDistrict(parts.district());
          String address = parts.address();
          if (address == null && !onlyNames(answer, parts)) address = answer;
          if (address != null) draft = draft.withAddress(address);
          if (parts.when() != null && (draft.when() == null || !draft.editing())) draft = draft.withWhen(parts.when());
        }
        return next(state, draft, language, null);
      }
      case DISTRICT -> {
        draft = draft.markAsked('d');
        if (parts.district() != null) draft = draft.withDistrict(parts.district());
        else if (!phrases.matches(Intent.UNKNOWN, answer) && !SKIP.equals(payload) && draft.address() == null) {
          draft = draft.withAddress(answer);
        }
        return next(state, draft, language, null);
      }
      case WHEN -> {
        draft = draft.markAsked('t');
        if (!phrases.matches(Intent.UNKNOWN, answer) && !SKIP.equals(payload)) {
          draft = draft.withWhen(parts.when() != null ? parts.when() : answer);
          if (parts.address() != null) draft = draft.withAddress(parts.address());
          if (parts.district() != null) draft = draft.withDistrict(parts.district());
        }
        return next(state, draft, language, null);
      }
      case PHONE -> {
        if (SKIP.equals(payload) || (payload == null && (phrases.matches(Intent.SKIP, answer)
            || phrases.matches(Intent.DECLINE, answer)))) {
          return next(state, draft.markAsked('p').withPhone(null), language, null);
        }
        if (parts.phone() != null) return next(state, draft.markAsked('p').withPhone(parts.phone()), language, null);
        return ask(state, draft, language, texts.text(language, "appeal.ask.phoneAgain"));
      }
      case CONSENT -> {
        if (CONSENT_YES.equals(payload) || (payload == null && phrases.matches(Intent.CONFIRM, answer))) {
          return next(state, draft.withConsent(true), language, null);
        }
        if (CONSENT_NO.equals(payload) || (payload == null && phrases.matches(Intent.DECLINE, answer))) {
          return next(state, draft.withConsent(false), language, null);
        }
        return ask(state, draft, language, texts.text(language, "appeal.ask.consent", draft.phone()));
      }
      case EDIT -> {
        String part = payload != null && payload.startsWith(EDIT + ":") ? payload.substring(EDIT.length() + 1) : null;
        Step target = switch (part == null ? "" : part) {
          case "what" -> ask(state, draft.at(AppealDraft.Step.WHAT, true), language, texts.text(language, "appeal.ask.what.again"));
          case "where" -> ask(state, draft.at(AppealDraft.Step.WHERE, true), language, texts.text(language, "appeal.ask.where"));
          case "when" -> ask(state, draft.at(AppealDraft.Step.WHEN, true), language, texts.text(language, "appeal.ask.when"));
          case "phone" -> ask(state, draft.at(AppealDraft.Step.PHONE, true), language, texts.text(language, "appeal.ask.phone"));
          default -> null;
        };
        if (target != null) return target;
        return correctOrRepeat(state, draft, parts, language);
      }
      case CONFIRM -> {
        if (CONFIRM.equals(payload) || (payload == null && phrases.matches(Intent.CONFIRM, answer))) {
          JsonObject next = state.copy();
          next.remove(STATE);
          return new Step(next, Outcome.APPEAL_COLLECTING, List.of(), new File(draft, state.copy()));
        }
        if (EDIT.equals(payload) || (payload == null && phrases.matches(Intent.EDIT, answer))) {
          return ask(state, draft.at(AppealDraft.Step.EDIT, false), language, texts.text(language, "appeal.ask.edit"));
        }
        return correctOrRepeat(state, draft, parts, language);
      }
      default -> throw new IllegalStateException("unknown step " + draft.step());
    }
  }

  /** Whether a quick reply belongs to the question being answered (an older button does not). */
  private static boolean expects(AppealDraft.Step step, String payload) {
    return switch (step) {
      case WHAT, WHERE -> false;
      case DISTRICT, WHEN, PHONE -> payload.equals(SKIP);
      case CONSENT -> payload.equals(CONSENT_YES) || payload.equals(CONSENT_NO);
      case EDIT -> payload.startsWith(EDIT + ":");
      case CONFIRM -> payload.equals(CONFIRM) || payload.equals(EDIT);
    };
  }

  /** The question of the current step again. */
  private Step repeat(JsonObject state, AppealDraft d, String language) {
    return switch (d.step()) {
      case WHAT -> ask(state, d, language, texts.text(language, "appeal.ask.what"));
      case WHERE -> ask(state, d, language, texts.text(language, "appeal.ask.where"));
      case DISTRICT -> ask(state, d, language, texts.text(language, "appeal.ask.district"));
      case WHEN -> ask(state, d, language, texts.text(language, "appeal.ask.when"));
      case PHONE -> ask(state, d, language, texts.text(language, "appeal.ask.phone"));
      case CONSENT -> askConsent(state, d, language);
      case EDIT -> ask(state, d, language, texts.text(language, "appeal.ask.edit"));
      case CONFIRM -> summary(state, d, language, "appeal.confirmOrChange");
    };
  }

  /** At the summary: free text that holds a part replaces it; anything else repeats the choice. */
  private Step correctOrRepeat(JsonObject state, AppealDraft draft, AppealTextParser.Parts parts, String language) {
    if (parts.isEmpty()) return summary(state, draft.at(AppealDraft.Step.CONFIRM, false), language, "appeal.confirmOrChange");
    return next(state, fill(draft, parts, true), language, null);
  }

  /** Fills parts found in free text: every part when {@code overwrite}, else only the missing ones. */
  private static AppealDraft fill(AppealDraft d, AppealTextParser.Parts parts, boolean overwrite) {
    if (parts.district() != null && (overwrite || d.district() == null)) d = d.withDistrict(parts.district());
    if (parts.address() != null && (overwrite || d.address() == null)) d = d.withAddress(parts.address());
    if (parts.when() != null && (overwrite || d.when() == null)) d = d.withWhen(parts.when());
    if (parts.phone() != null && (overwrite || d.phone() == null)) d = d.markAsked('p').withPhone(parts.phone());
    return d;
  }

  /** The first question still open, or the summary when everything is known (or the person is editing). */
  private Step next(JsonObject state, AppealDraft d, String language, String note) {
    if (d.what() == null) return ask(state, d.at(AppealDraft.Step.WHAT, false), language, texts.text(language, "appeal.ask.what"));
    if (d.phone() != null && d.consent() == null) {
      return askConsent(state, d.at(AppealDraft.Step.CONSENT, d.editing()), language);
    }
    if (!d.editing()) {
      if (d.address() == null && !d.wasAsked('w')) {
        return ask(state, d.at(AppealDraft.Step.WHERE, false), language, texts.text(language, "appeal.ask.where"));
      }
      if (d.district() == null && !districts.isEmpty() && !d.wasAsked('d')) {
        return ask(state, d.at(AppealDraft.Step.DISTRICT, false), language, texts.text(language, "appeal.ask.district"));
      }
      if (d.when() == null && !d.wasAsked('t')) {
        return ask(state, d.at(AppealDraft.Step.WHEN, false), language, texts.text(language, "appeal.ask.when"));
      }
      if (!d.wasAsked('p')) {
        return ask(state, d.at(AppealDraft.Step.PHONE, false), language, texts.text(language, "appeal.ask.phone"));
      }
    }
    return summary(state, d.at(AppealDraft.Step.CONFIRM, false), language, note);
  }

  private Step ask(JsonObject state, AppealDraft d, String language, String question) {
    List<QuickReply> choices = new ArrayList<>();
    if (d.step() == AppealDraft.Step.PHONE || d.step() == AppealDraft.Step.DISTRICT || d.step() == AppealDraft.Step.WHEN) {
      choices.add(new QuickReply(texts.text(language, "appeal.button.skip"), SKIP));
    }
    if (d.step() == AppealDraft.Step.EDIT) {
      for (String part : List.of("what", "where", "when", "phone")) {
        choices.add(new QuickReply(texts.text(language, "appeal.button." + part), EDIT + ":" + part));
      }
    }
    choices.add(new QuickReply(texts.text(language, "appeal.button.cancel"), CANCEL));
    return new Step(state.copy().put(STATE, d.toJson()), Outcome.APPEAL_COLLECTING, List.of(new Reply(question, choices)), null);
  }

  private Step askConsent(JsonObject state, AppealDraft d, String language) {
    List<QuickReply> choices = List.of(
        new QuickReply(texts.text(language, "appeal.button.yes"), CONSENT_YES),
        new QuickReply(texts.text(language, "appeal.button.no"), CONSENT_NO),
        new QuickReply(texts.text(language, "appeal.button.cancel"), CANCEL));
    return new Step(state.copy().put(STATE, d.toJson()), Outcome.APPEAL_COLLECTING,
        List.of(new Reply(texts.text(language, "appeal.ask.consent", d.phone()), choices)), null);
  }

  private Step summary(JsonObject state, AppealDraft d, String language, String noteKey) {
    String unknown = texts.text(language, "appeal.summary.unknown");
    // The district's name, unless the address already names it.
    String district = d.address() != null && d.district() != null
        && districts.find(d.address()).map(x -> x.id().equals(d.district())).orElse(false)
        ? null : districts.byId(d.district()).map(x -> x.name(language)).orElse(null);
    String place = String.join(", ", java.util.stream.Stream.of(district, d.address())
        .filter(x -> x != null && !x.isBlank()).toList());
    String text = texts.text(language, "appeal.summary", d.what(), place.isEmpty() ? unknown : place,
        d.when() == null ? unknown : d.when(), d.phone() == null ? texts.text(language, "appeal.summary.noPhone") : d.phone());
    if (noteKey != null) text = texts.text(language, noteKey) + "\n\n" + text;
    List<QuickReply> choices = List.of(
        new QuickReply(texts.text(language, "appeal.button.confirm"), CONFIRM),
        new QuickReply(texts.text(language, "appeal.button.edit"), EDIT),
        new QuickReply(texts.text(language, "appeal.button.cancel"), CANCEL));
    return new Step(state.copy().put(STATE, d.toJson()), Outcome.APPEAL_COLLECTING, List.of(new Reply(text, choices)), null);
  }

  /** Whether the answer is no more than the district's name (so it gives no address). */
  private boolean onlyNames(String answer, AppealTextParser.Parts parts) {
    if (parts.district() == null) return false;
    String rest = Districts.normalise(answer);
    for (Districts.District d : districts.all()) {
      if (!d.id().equals(parts.district())) continue;
      List<String> names = new ArrayList<>(d.names().values());
      names.addAll(d.aliases());
      names.sort((a, b) -> b.length() - a.length());
      for (String n : names) rest = rest.replace(Districts.normalise(n), " ");
    }
    rest = rest.replaceAll("[\\p{P}\\s]+|\\b(?:district|in|the|it's|it is|its)\\b", "");
    return rest.length() < 2;
  }

  private static String clip(String text) {
    int max = Appeal.MAX_TEXT;
    return text.codePointCount(0, text.length()) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max));
  }
}
