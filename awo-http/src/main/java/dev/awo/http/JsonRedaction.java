package dev.awo.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.awo.spi.process.Redactor;
import java.util.Iterator;
import java.util.Map;

/**
 * Redacts credential-shaped strings ({@link Redactor#patternsOnly()}) from every string value of a
 * JSON tree, for a host's own output boundaries (HTTP answers, event streams, logs, JSON lines) as
 * defense in depth behind the library's redaction.
 *
 * <pre>{@code
 * String safe = JsonRedaction.redacted(WorkOrderJson.workOrder(order)).toString();
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class JsonRedaction {
  private static final Redactor REDACTOR = Redactor.patternsOnly();

  private JsonRedaction() {}

  /** A copy of {@code json} with every string value redacted; {@code json} itself is unchanged. */
  public static JsonNode redacted(JsonNode json) {
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
