package dev.awo.claude;

import dev.awo.spi.agent.AgentEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Keeps every event it is given, for assertions. Thread-safe. */
final class RecordingListener implements Consumer<AgentEvent> {
  private final List<AgentEvent> events = new CopyOnWriteArrayList<>();

  @Override
  public void accept(AgentEvent event) {
    events.add(event);
  }

  List<AgentEvent> events() {
    return List.copyOf(events);
  }

  <T extends AgentEvent> List<T> ofType(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<String> types() {
    return events.stream().map(AgentEvent::type).toList();
  }
}
