package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.core.WorkOrderStateException;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.http.ApiProblem;
import dev.awo.http.JsonBodies;
import dev.awo.http.JsonRedaction;
import dev.awo.http.WorkOrderJson;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * What the starter's controllers share: the bounded request body, JSON answers (credential-shaped
 * strings redacted at this boundary too) and the one error shape {@code {"error": message, "field":
 * name-or-null}} — an {@link ApiProblem} with its status, 404 unknown work order, 400 invalid input
 * naming the field, 409 state conflict, 500 otherwise. Stateless and thread-safe.
 */
abstract class JsonEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(JsonEndpoints.class);
  static final int MAX_BODY_BYTES = 4 << 20;

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<String> problem(ApiProblem p) {
    return json(p.status(), p.json());
  }

  @ExceptionHandler(UnknownWorkOrderException.class)
  ResponseEntity<String> unknown(UnknownWorkOrderException e) {
    return error(404, e.getMessage(), null);
  }

  @ExceptionHandler(InvalidInputException.class)
  ResponseEntity<String> invalid(InvalidInputException e) {
    return error(400, e.getMessage(), JsonBodies.snakeCase(e.field()));
  }

  @ExceptionHandler(WorkOrderStateException.class)
  ResponseEntity<String> conflict(WorkOrderStateException e) {
    return error(409, e.getMessage(), null);
  }

  @ExceptionHandler(RuntimeException.class)
  ResponseEntity<String> failure(RuntimeException e) {
    LOG.atError().setMessage("http_request_failed").setCause(e).log();
    return error(500, "Internal error: " + e.getClass().getSimpleName(), null);
  }

  /** The request body, at most {@value #MAX_BODY_BYTES} bytes (else a 413), read before anything is stored. */
  static byte[] body(HttpServletRequest request) {
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new ApiProblem(413, "The body is larger than " + MAX_BODY_BYTES + " bytes", "body");
      }
      return body;
    } catch (IOException e) {
      throw ApiProblem.badRequest("body", "The body could not be read: " + e.getMessage());
    }
  }

  static ResponseEntity<String> json(int status, JsonNode body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
        .body(JsonRedaction.redacted(body).toString());
  }

  static ResponseEntity<String> error(int status, String message, String field) {
    return json(status, WorkOrderJson.error(message, field));
  }
}
