package org.swiftline.gateway.appeals;

/**
 * The parts of an appeal a language model proposed from the conversation, already checked: the district
 * and category are known ids or {@code null}; every part may be {@code null}. The citizen confirms them in
 * the appeal's summary like parts they typed.
 */
public record AppealProposal(String what, String where, String district, String when, String category) {
  public static final AppealProposal EMPTY = new AppealProposal(null, null, null, null, null);
}
