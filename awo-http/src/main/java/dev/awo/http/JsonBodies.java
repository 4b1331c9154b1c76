package dev.awo.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads request bodies of the Agent Work Orders API strictly, refusing with an {@link ApiProblem}
 * (400) that names the field in the snake_case the client sent: malformed JSON, anything after the
 * object (a second object included), a key given twice, a string or key holding U+0000 or half of a
 * surrogate pair (storage would mangle either), an unknown field, a missing or mistyped one.
 *
 * <pre>{@code
 * JsonNode json = JsonBodies.object(body, Set.of("repository_url"));
 * String url = JsonBodies.requiredText(json, "repository_url");
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class JsonBodies {
  private static final int EXCERPT = 60;
  private static final ObjectReader STRICT = WorkOrderJson.MAPPER.reader()
      .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private JsonBodies() {}

  /**
   * The body as one JSON object with no field outside {@code fields}.
   *
   * @throws ApiProblem 400 naming {@code body} or the unknown field
   */
  public static JsonNode object(byte[] body, Set<String> fields) {
    JsonNode json = object(body);
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw ApiProblem.badRequest(name, "Unknown field '" + excerpt(name) + "'; expected "
            + String.join(", ", new TreeSet<>(fields)));
      }
    }
    return json;
  }

  /**
   * The text of a required string field.
   *
   * @throws ApiProblem 400 naming {@code field} when it is absent, null, blank or not a string
   */
  public static String requiredText(JsonNode json, String field) {
    String value = optionalText(json, field);
    if (value == null || value.isBlank()) {
      throw ApiProblem.badRequest(field, field + " is required and must be a non-empty string");
    }
    return value;
  }

  /**
   * The text of an optional string field; null when it is absent or JSON null.
   *
   * @throws ApiProblem 400 naming {@code field} when it is not a string
   */
  public static String optionalText(JsonNode json, String field) {
    JsonNode node = json.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw ApiProblem.badRequest(field, field + " must be a string");
    }
    return node.textValue();
  }

  /** A Java field name as the client spells it: {@code repositoryUrl} → {@code repository_url}; null stays null. */
  public static String snakeCase(String field) {
    return field == null ? null : field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** {@code text} cut to 60 characters for an error message ({@code ""} for null). */
  public static String excerpt(String text) {
    String shown = text == null ? "" : text;
    return shown.length() > EXCERPT ? shown.substring(0, EXCERPT) + "..." : shown;
  }

  private static JsonNode object(byte[] body) {
    JsonNode json;
    try {
      json = STRICT.readTree(body);
    } catch (JsonProcessingException e) {
      String problem = e.getOriginalMessage();
      if (problem != null && problem.startsWith("Trailing token")) {
        throw ApiProblem.badRequest("body", "The body must be one JSON object with nothing after it");
      }
      throw ApiProblem.badRequest("body", "The body is not valid JSON: " + problem);
    } catch (IOException e) {
      throw ApiProblem.badRequest("body", "The body could not be read: " + e.getMessage());
    }
    if (json == null || json.isMissingNode() || !json.isObject()) {
      throw ApiProblem.badRequest("body", "The body must be a JSON object");
    }
    refuseUnsafeText(json, "body");
    return json;
  }

  private static void refuseUnsafeText(JsonNode node, String field) {
    if (node.isTextual()) {
      String problem = unsafeText(node.textValue());
      if (problem != null) {
        throw ApiProblem.badRequest(field, field + " " + problem);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String problem = unsafeText(entry.getKey());
      if (problem != null) {
        throw ApiProblem.badRequest("body", "a field name " + problem);
      }
      refuseUnsafeText(entry.getValue(), entry.getKey());
    }
    if (node.isArray()) {
      node.forEach(element -> refuseUnsafeText(element, field));
    }
  }

  /** Why {@code text} cannot be stored faithfully, or null. */
  private static String unsafeText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\0') {
        return "contains U+0000 (NUL) at character " + i + "; remove it";
      }
      if (Character.isHighSurrogate(c) && (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1)))
          || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)))) {
        return "contains half of a UTF-16 surrogate pair (U+" + Integer.toHexString(c).toUpperCase(Locale.ROOT)
            + ") at character " + i + "; send valid Unicode";
      }
    }
    return null;
  }
}
