package org.swiftline.bots;

/** What one turn of the conversation came to; {@link #wire()} is the name used in APIs. */
public enum Outcome {
  /** The reply answers from the matched article. */
  ANSWERED("answered"),
  /** The bot asks the person to choose between candidate articles. */
  CLARIFY("clarify"),
  /** The knowledge base holds no answer; the bot offers an appeal or an operator. */
  NO_ANSWER("no_answer"),
  /** The person told the bot whether its answer helped. */
  FEEDBACK_RECORDED("feedback_recorded"),
  /** The person asked for a human operator. */
  HANDOFF_REQUESTED("handoff_requested"),
  /** The bot is collecting an appeal: it asks what, where, when or a phone, or shows the summary. */
  APPEAL_COLLECTING("appeal_collecting"),
  /** The appeal is stored; the reply gives its number. */
  APPEAL_FILED("appeal_filed"),
  /** The person cancelled the appeal being collected; nothing was filed. */
  APPEAL_CANCELLED("appeal_cancelled"),
  /** The bot told the person about their own appeals, or took their word on a resolution. */
  APPEAL_STATUS("appeal_status"),
  /** An operator holds the conversation: the message was passed to them and the bot stays silent (no replies). */
  OPERATOR("operator");

  private final String wire;

  Outcome(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
