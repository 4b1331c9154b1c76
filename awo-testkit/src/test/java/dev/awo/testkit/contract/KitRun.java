package dev.awo.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One run of a kit class through the JUnit launcher (its {@code @Disabled} lifted): the kit test
 * methods that failed, with their messages, and how many tests ran.
 */
record KitRun(Map<String, String> failures, AtomicInteger tests) {
  /** The longest failure message a kit may print (one printed 319,351 characters before). */
  static final int MAX_MESSAGE = 1_000;

  static KitRun of(Class<?> kit) {
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit))
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition").build();
    KitRun run = new KitRun(new TreeMap<>(), new AtomicInteger());
    LauncherFactory.create().execute(request, new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest() || !(test.getSource().orElse(null) instanceof MethodSource method)) {
          return;
        }
        run.tests.incrementAndGet();
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
          synchronized (run.failures) {
            run.failures.put(method.getMethodName(), result.getThrowable().map(String::valueOf).orElse("(no exception)"));
          }
        }
      }
    });
    return run;
  }

  /** Asserts that {@code kitTest} failed, and that no failure message is longer than {@link #MAX_MESSAGE}. */
  void assertCaught(String kitTest, String how) {
    assertTrue(failures.containsKey(kitTest),
        "the kit's " + kitTest + " passed a store that " + how + "; failed instead: " + failures.keySet());
    failures.forEach((test, message) -> assertTrue(message.length() <= MAX_MESSAGE,
        test + " printed a failure message of " + message.length() + " characters: "
            + message.substring(0, Math.min(200, message.length()))));
  }
}
