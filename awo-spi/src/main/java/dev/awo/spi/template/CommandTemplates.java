package dev.awo.spi.template;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;

/**
 * Finds step prompt templates by name. awo-core ships classpath defaults for the built-in steps and
 * a directory-backed implementation (e.g. {@code .claude/commands/agent-work-orders/}).
 *
 * <p>Names are lowercase letters, digits, {@code _} and {@code -}, so a name can never be a path.
 * Implementations must be thread-safe.
 */
public interface CommandTemplates {

  /** The template called {@code name}; throws {@link TemplateNotFoundException} if there is none. */
  CommandTemplate load(String name);

  /** Whether {@link #load} would find {@code name}. */
  boolean contains(String name);

  /** Checks a template name, throwing {@link InvalidInputException} for anything that is not one. */
  static String requireName(String name) {
    Arguments.requireText(name, "templateName");
    if (!Arguments.isName(name, 64, "_-")) {
      throw new InvalidInputException(
          "templateName",
          "'" + Arguments.excerpt(name) + "' is not a command name (lowercase letters, digits, '_' and '-', at most 64)");
    }
    return name;
  }
}
