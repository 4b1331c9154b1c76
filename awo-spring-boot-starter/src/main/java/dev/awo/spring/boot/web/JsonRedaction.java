package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.awo.spi.process.Redactor;
import java.util.Iterator;
import java.util.Map;

/**
 * Redacts credential-shaped strings ({@link Redactor#patternsOnly()}) from every string value of a
 * JSON tree, for the logs the starter keeps and serves, as defense in depth behind the library's
 * redaction (the same as the example host's {@code JsonRedaction}).
 *
 * <p>Stateless and thread-safe.
 */
final class JsonRedaction {
  private static final Redactor REDACTOR = Redactor.patternsOnly();

  private JsonRedaction() {}

  /** A copy of {@code json} with every string value redacted; {@code json} itself is unchanged. */
  static JsonNode redacted(JsonNode json) {
    JsonNode copy = json.deepCopy();
    redactInPlace(copy);
    return copy;
  }

  private static void redactInPlace(JsonNode node) {
    if (node instanceof ObjectNode object) {
      for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (field.getValue().isTextual()) {
          field.setValue(TextNode.valueOf(REDACTOR.redact(field.getValue().textValue())));
        } else {
          redactInPlace(field.getValue());
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isTextual()) {
          array.set(i, TextNode.valueOf(REDACTOR.redact(array.get(i).textValue())));
        } else {
          redactInPlace(array.get(i));
        }
      }
    }
  }
}
