package dev.aedes.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The health endpoint's JSON, without a socket. */
class HttpEndpointTest {
  @Test
  void aReasonIsAJsonStringLiteral() {
    assertThat(HttpEndpoint.jsonString("disk \"full\" in C:\\data\n"))
        .isEqualTo("\"disk \\\"full\\\" in C:\\\\data\\u000a\"");
  }
}
