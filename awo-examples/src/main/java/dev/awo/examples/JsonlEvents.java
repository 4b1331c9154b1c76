package dev.awo.examples;

import dev.awo.examples.json.EventJson;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.io.PrintStream;

/**
 * Prints every listener event as one JSON object on one line (see {@link EventJson} for the
 * fields): what {@code --events jsonl} shows, for scripts and tests to read.
 *
 * <p>This class is thread-safe: lines of concurrent work orders never interleave.
 */
final class JsonlEvents implements WorkOrderListener {
  private final PrintStream out;

  JsonlEvents(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onEvent(WorkOrderEvent event) {
    String line = EventJson.of(event).toString();
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }
}
