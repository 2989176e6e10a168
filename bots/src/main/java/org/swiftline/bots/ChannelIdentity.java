package org.swiftline.bots;

import java.util.Objects;

/** Who a person is on one channel: the channel's name and the person's id there. */
public record ChannelIdentity(String channel, String userId) {
  public static final int MAX_USER_ID = 128;

  public ChannelIdentity {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(userId, "userId");
    if (!channel.matches("[a-z][a-z0-9-]{0,31}")) {
      throw new IllegalArgumentException("channel must be a lowercase word, got '" + channel + "'");
    }
    if (userId.isBlank() || userId.length() > MAX_USER_ID) {
      throw new IllegalArgumentException("userId must be 1 to " + MAX_USER_ID + " characters");
    }
  }
}
