package org.swiftline.gateway.appeals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.swiftline.gateway.TestGateway;

/** Finding where, when and a phone number in what people write. */
class AppealTextParserTest {
  final Districts districts = Districts.load(TestGateway.repositoryKnowledgeBase());
  final AppealTextParser parser = new AppealTextParser(districts);

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
      the streetlight on Xinjiekou street has been broken for a week | -        | Xinjiekou street           | for a week
      the streetlight outside building 5 on Xinjiekou street in Xicheng is out since yesterday | xicheng | building 5 on Xinjiekou street | since yesterday
      loud music from the bar near Sanlitun Road every night | -                 | Sanlitun Road              | every night
      garbage piles up at 12 Gulou Street, Dongcheng district | dongcheng         | 12 Gulou Street            | -
      the elevator in my building has been broken for 3 days | -                 | -                          | for 3 days
      no heating in our flat | -                                                | -                          | -
      新街口大街的路灯坏了一周了 | -                                                | 新街口大街                    | 一周了
      西城区新街口大街5号楼下垃圾没人清理 | xicheng                                 | 西城区新街口大街5号楼           | -
      小区门口的路灯一直闪，晚上很危险 | -                                       | -                          | 晚上
      朝阳区望京SOHO附近工地夜间施工扰民，已经三天了 | chaoyang                   | -                          | 三天了
      """)
  void findsDistrictAddressAndTime(String text, String district, String address, String when) {
    AppealTextParser.Parts parts = parser.parse(text);
    assertEquals(district, parts.district(), "district of " + text);
    assertEquals(address, parts.address(), "address of " + text);
    assertEquals(when, parts.when(), "when of " + text);
  }

  @Test
  void findsPhoneNumbersButNotShortNumbers() {
    assertEquals("13800138000", parser.parse("call me on 13800138000 please").phone());
    assertEquals("+86 138 0013 8000", parser.parse("+86 138 0013 8000").phone());
    assertEquals("010-6512 3456", parser.parse("我的电话010-6512 3456").phone());
    assertNull(parser.parse("building 5 on Xinjiekou street").phone());
    assertNull(parser.parse("for 3 days").phone());
  }

  @Test
  void recognisesDistrictsByAnyNameAsWholeWords() {
    assertEquals("haidian", districts.find("It's in Haidian.").orElseThrow().id());
    assertEquals("haidian", districts.find("海淀").orElseThrow().id());
    assertEquals("chaoyang", districts.find("CHAOYANG DISTRICT").orElseThrow().id());
    assertTrue(districts.find("Chaoyangmen").isEmpty(), "not inside another word");
    assertEquals("东城区", districts.byId("dongcheng").orElseThrow().name("zh"));
    assertEquals(16, districts.all().size());
  }
}
