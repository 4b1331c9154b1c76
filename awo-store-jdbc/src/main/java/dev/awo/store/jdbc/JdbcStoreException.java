package dev.awo.store.jdbc;

import dev.awo.domain.AwoException;

/**
 * The database refused or failed an operation of the JDBC store. The message names the operation
 * and the database's own reason; it never contains the connection URL or its password.
 */
public class JdbcStoreException extends AwoException {
  private static final long serialVersionUID = 1L;

  public JdbcStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public JdbcStoreException(String message) {
    super(message);
  }
}
