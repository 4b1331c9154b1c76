package dev.awo.claude.mock;

import java.util.Map;

/**
 * One HTTP request the mock received. Secret headers ({@code x-api-key}, {@code authorization}) are
 * stored as {@code ***}.
 *
 * @param method the HTTP method
 * @param path the path with its query, e.g. {@code /v1/messages?beta=true}
 * @param headers lower-cased header names to their first value
 * @param body the request body as UTF-8 text
 */
public record RecordedRequest(String method, String path, Map<String, String> headers, String body) {
  public RecordedRequest {
    headers = Map.copyOf(headers);
  }

  /** Whether this is a call of the Messages API. */
  public boolean isMessages() {
    return "POST".equals(method) && path.startsWith("/v1/messages") && !path.startsWith("/v1/messages/");
  }
}
