package dev.awo.spi.template;

import dev.awo.domain.AwoException;

/** No template with the requested name exists where the loader looks. */
public class TemplateNotFoundException extends AwoException {
  private static final long serialVersionUID = 1L;

  public TemplateNotFoundException(String message) {
    super(message);
  }
}
