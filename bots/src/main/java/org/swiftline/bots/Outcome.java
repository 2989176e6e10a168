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
  /** The person asked to complain or report a problem. */
  APPEAL_REQUESTED("appeal_requested");

  private final String wire;

  Outcome(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }
}
