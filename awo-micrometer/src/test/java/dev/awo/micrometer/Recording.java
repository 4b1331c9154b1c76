package dev.awo.micrometer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;

/**
 * A listener wired to a TestObservationRegistry (which also feeds a DefaultMeterObservationHandler,
 * so observations yield timers) and a SimpleMeterRegistry.
 */
final class Recording implements AutoCloseable {
  final TestObservationRegistry observations = TestObservationRegistry.create();
  final MeterRegistry meters = new SimpleMeterRegistry();
  final MicrometerWorkOrderListener listener;

  Recording() {
    this(b -> b);
  }

  Recording(java.util.function.UnaryOperator<MicrometerWorkOrderListener.Builder> options) {
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    listener = options.apply(MicrometerWorkOrderListener.builder(observations, meters)).build();
  }

  /** Waits (bounded) until the listener recorded every event it heard. */
  Recording recorded() {
    assertTrue(listener.awaitRecorded(Duration.ofSeconds(10)), "the listener did not record its events within 10 s");
    return this;
  }

  /** Every observation context the registry handled, in order. */
  java.util.List<io.micrometer.observation.Observation.Context> contexts() {
    java.util.List<io.micrometer.observation.Observation.Context> all = new java.util.ArrayList<>();
    io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat(observations)
        .hasHandledContextsThatSatisfy(all::addAll);
    return all;
  }

  double counter(String name, String... tags) {
    return meters.get(name).tags(tags).counter().count();
  }

  long timerCount(String name, String... tags) {
    return meters.get(name).tags(tags).timer().count();
  }

  /** Closes the listener; every call into Micrometer must have succeeded (the test registry validates each). */
  @Override
  public void close() {
    listener.close();
    org.junit.jupiter.api.Assertions.assertEquals(0, listener.recordingFailures(),
        "calls into Micrometer failed (an invalid observation lifecycle?); see the WARN line");
  }
}
