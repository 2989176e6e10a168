package org.swiftline.gateway.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.swiftline.bots.ChannelState;

/**
 * The contract of {@link ChannelState} that every store passes. To test an implementation, extend this
 * class and open fresh, empty stores in {@link #open}.
 */
public abstract class ChannelStateContract extends StoresUnderTest {


  protected ChannelState state() {
    return stores.channelState();
  }

  @Test
  void anUnsetKeyIsEmpty() {
    assertEquals(Optional.empty(), state().get("telegram:1:chat:42").await());
  }

  @Test
  void aPutValueIsReadBackAndReplacedByTheNextPut() {
    state().put("telegram:1:chat:42", "{\"conversationId\":\"c1\",\"lastUpdateId\":7}").await();
    assertEquals(Optional.of("{\"conversationId\":\"c1\",\"lastUpdateId\":7}"), state().get("telegram:1:chat:42").await());
    state().put("telegram:1:chat:42", "{\"conversationId\":\"c1\",\"lastUpdateId\":8}").await();
    assertEquals(Optional.of("{\"conversationId\":\"c1\",\"lastUpdateId\":8}"), state().get("telegram:1:chat:42").await());
    assertEquals(Optional.empty(), state().get("telegram:1:chat:43").await(), "keys are separate");
  }

  @Test
  void keysAndValuesMayHoldAnyText() {
    String key = "webhook:message:14:+8613800000000:短信 1/2 'x'";
    state().put(key, "{\"text\":\"签证\\n\\\"延期\\\"\"}").await();
    assertEquals(Optional.of("{\"text\":\"签证\\n\\\"延期\\\"\"}"), state().get(key).await());
  }

  @Test
  void aValueWithATimeToLiveIsGoneAfterIt() throws InterruptedException {
    state().put("webhook:message:1:a:m1", "first answer", Duration.ofMillis(300)).await();
    state().put("webhook:message:1:a:m2", "kept", Duration.ofHours(1)).await();
    assertEquals(Optional.of("first answer"), state().get("webhook:message:1:a:m1").await());
    Thread.sleep(600);
    assertEquals(Optional.empty(), state().get("webhook:message:1:a:m1").await());
    assertEquals(Optional.of("kept"), state().get("webhook:message:1:a:m2").await());
  }

  @Test
  void aPutWithoutTimeToLiveClearsAnEarlierOne() throws InterruptedException {
    state().put("k", "v1", Duration.ofMillis(300)).await();
    state().put("k", "v2").await();
    Thread.sleep(600);
    assertEquals(Optional.of("v2"), state().get("k").await());
  }
}
