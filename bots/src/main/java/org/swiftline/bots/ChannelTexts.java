package org.swiftline.bots;

/**
 * The bot's own sentences that channels show outside the dialogue (a greeting, "please write text"),
 * per language. The gateway backs it with its message bundles; a language without the sentence gets
 * English.
 */
@FunctionalInterface
public interface ChannelTexts {
  /** Greets a person who starts a chat. */
  String GREETING = "channel.greeting";
  /** Greets a person who starts a chat on a channel without commands (a new WeChat follower). */
  String WELCOME = "channel.welcome";
  /** Follows choices shown as numbered lines: "Reply with the number of your choice." */
  String CHOOSE_NUMBER = "channel.chooseNumber";
  /** Says that only text messages are understood, for photos, stickers and voice messages. */
  String TEXT_ONLY = "channel.textOnly";
  /** Asks the person to pick a language from a menu. */
  String LANGUAGE_PROMPT = "channel.languagePrompt";
  /** Confirms, in the language picked, that the bot will use it. */
  String LANGUAGE_SET = "channel.languageSet";

  /** The sentence {@code key} in {@code language} (a primary language subtag such as {@code ru}). */
  String text(String language, String key);
}
