package dev.awo.spi.testkit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What both contract kits share: a fresh repository before each test, closed after it.
 *
 * @param <R> the repository type under test
 */
public abstract class RepositoryContract<R> {
  /** The repository under test, made by {@link #createRepository()} before each test. */
  protected R repository;

  /** A repository to test; called before each test. */
  protected abstract R createRepository() throws Exception;

  /** Called after each test with the repository it used; override to close it. */
  protected void closeRepository(R repository) throws Exception {}

  @BeforeEach
  void setUpRepository() throws Exception {
    repository = createRepository();
  }

  @AfterEach
  void tearDownRepository() throws Exception {
    closeRepository(repository);
  }
}
