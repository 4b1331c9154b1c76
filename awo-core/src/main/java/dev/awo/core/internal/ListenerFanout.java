package dev.awo.core.internal;

import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.process.Redactor;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Tells every listener of an event, in registration order. A listener that throws is logged at
 * WARN ({@code listener_failed}) and skipped; the others still hear the event and the run goes on.
 * Called only by {@link RunEvents}, one event at a time per work order. Thread-safe.
 */
public final class ListenerFanout {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerFanout.class);
  private final List<WorkOrderListener> listeners;

  public ListenerFanout(List<WorkOrderListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public void publish(WorkOrderEvent event) {
    for (WorkOrderListener listener : listeners) {
      try {
        listener.onEvent(event);
      } catch (Throwable t) { // NOPMD: a listener must never break a run, whatever it throws
        if (t instanceof VirtualMachineError vme) {
          throw vme;
        }
        RunLog.at(LOG, Level.WARN, event.workOrderId().value(), "listener_failed")
            .addKeyValue("event", event.name())
            .addKeyValue("listener", listener.getClass().getName())
            .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(t)))
            .log();
      }
    }
  }
}
