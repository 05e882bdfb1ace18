package dev.aedes.packet.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** UTF-8 string sizing: byte counts match the JDK's encoder, and invalid strings are refused. */
class FieldWriterTest {
  @ParameterizedTest
  @ValueSource(strings = {"", "a", "sensors/room-12/temperature", "é", "€", "𝄞", "aé€𝄞z",
      "\u007F\u0080\u07FF\u0800\uFFFF"})
  void utf8SizeIsTwoPlusTheUtf8ByteCount(String value) {
    assertThat(FieldWriter.utf8Size(value, "topic"))
        .isEqualTo(2 + value.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void utf8SizeRefusesNullCharacter() { // [MQTT-1.5.4-2]
    assertThatThrownBy(() -> FieldWriter.utf8Size("a\u0000b", "topic"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0000");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD834", "a\uD834b", "\uDD1E", "\uDD1E\uD834"})
  void utf8SizeRefusesUnpairedSurrogates(String value) { // [MQTT-1.5.4-1]
    assertThatThrownBy(() -> FieldWriter.utf8Size(value, "topic"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unpaired surrogate");
  }

  @Test
  void utf8SizeRefusesStringsOver65535Bytes() {
    String value = "€".repeat(21_846); // 65,538 bytes in 21,846 chars
    assertThatThrownBy(() -> FieldWriter.utf8Size(value, "topic"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("over 65535");
    assertThat(FieldWriter.utf8Size("€".repeat(21_845), "topic")).isEqualTo(2 + 65_535);
  }
}
