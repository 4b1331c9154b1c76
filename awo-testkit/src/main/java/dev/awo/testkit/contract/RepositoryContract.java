package dev.awo.testkit.contract;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What both contract kits share: a fresh repository before each test (nested tests included), closed
 * after it.
 *
 * <p>Not thread-safe; JUnit creates one instance per test.
 *
 * @param <R> the repository type under test
 */
public abstract class RepositoryContract<R> {
  /** The repository under test, made by {@link #createRepository()} before each test. */
  protected R repository;

  /** Creates the kit; a subclass supplies only {@link #createRepository()}. */
  protected RepositoryContract() {}

  /**
   * A repository to test; called before each test.
   *
   * @return the repository, empty or holding only what other tests saved under other ids
   * @throws Exception when it cannot be made; the test then fails
   */
  protected abstract R createRepository() throws Exception;

  /**
   * Called after each test with the repository it used; override to close it or drop its database.
   *
   * @param repository the repository {@link #createRepository()} made for the test
   * @throws Exception when closing fails; the test then fails
   */
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
