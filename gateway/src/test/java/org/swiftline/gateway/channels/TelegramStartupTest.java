package org.swiftline.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.swiftline.gateway.TestGateway;

/** The Telegram channel across restarts and when Telegram refuses or cannot be reached. */
class TelegramStartupTest {
  private static final Map<String, String> NONE = Map.of();

  private static Map<String, String> env(LocalBotApi api) {
    return Map.of("SWIFTLINE_TELEGRAM_TOKEN", LocalBotApi.TOKEN, "SWIFTLINE_TELEGRAM_API_URL", api.url());
  }

  @Test
  void updatesDeliveredAgainAfterARestartAreNotHandledAgain() {
    long chat = 6200000001L;
    try (LocalBotApi api = new LocalBotApi()) {
      Path data;
      try (TestGateway first = TestGateway.start(TestGateway.repositoryKnowledgeBase(), env(api))) {
        data = first.data;
        api.pushText(chat, "how can I extend my visa?", "en");
        api.awaitMessages(chat, 1);
        JsonObject second = api.pushText(chat, "/start", "en");
        api.awaitMessages(chat, 2);
        assertTrue(second.getLong("update_id") > 0);
      }
      // Telegram sends both again (as when the confirming getUpdates never reached it), then a new one
      api.ignoreOffsetOnce();
      int pollsBefore = api.calls("getUpdates").size();
      try (TestGateway restarted = TestGateway.start(TestGateway.repositoryKnowledgeBase(), data, env(api))) {
        long offset = api.await("getUpdates", p -> true, pollsBefore + 1, Duration.ofSeconds(10)).get(pollsBefore)
            .params().getLong("offset");
        assertEquals(1002, offset, "the first poll after the restart continues after the last update handled");
        api.pushText(chat, "how much is the fee?", "en");
        List<LocalBotApi.Call> sent = api.awaitMessages(chat, 3);
        TelegramChannelTest.sleep(1500);
        assertEquals(3, api.calls("sendMessage", p -> p.getValue("chat_id").toString().equals(String.valueOf(chat))).size(),
            "the two old updates were not answered again: " + sent);
        assertEquals(1, TelegramChannelTest.conversations(restarted, chat), "the chat continues its conversation");
        assertEquals(2, TelegramChannelTest.botEntries(restarted, chat).size());
      }
    }
  }

  @Test
  void aRefusedTokenStopsStartUpNamingTheSettingButNotTheToken() {
    try (LocalBotApi api = new LocalBotApi()) {
      api.refuseToken();
      RuntimeException e = assertThrows(RuntimeException.class,
          () -> TestGateway.start(TestGateway.repositoryKnowledgeBase(), env(api)));
      assertTrue(e.getMessage().contains("SWIFTLINE_TELEGRAM_TOKEN"), e.getMessage());
      assertTrue(e.getMessage().contains("401"), e.getMessage());
      assertFalse(e.getMessage().contains(LocalBotApi.TOKEN), e.getMessage());
    }
  }

  @Test
  void anUnreachableBotApiDoesNotStopTheGateway() {
    Map<String, String> env = Map.of("SWIFTLINE_TELEGRAM_TOKEN", LocalBotApi.TOKEN, "SWIFTLINE_TELEGRAM_API_URL", "http://127.0.0.1:1");
    try (TestGateway gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), env)) {
      var answer = gateway.chat(new JsonObject().put("userId", "web-user").put("text", "how can I extend my visa?"));
      assertEquals(200, answer.statusCode());
    }
  }

  @Test
  void withoutATokenThereIsNoTelegramChannel() {
    try (TestGateway gateway = TestGateway.start(TestGateway.repositoryKnowledgeBase(), NONE)) {
      assertEquals(List.of("web"), gateway.verticle.channels().names());
    }
  }
}
