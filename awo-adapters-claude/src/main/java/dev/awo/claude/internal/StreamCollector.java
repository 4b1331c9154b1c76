package dev.awo.claude.internal;

import dev.awo.claude.StreamJsonParser;
import dev.awo.domain.TokenUsage;
import dev.awo.spi.agent.AgentEvent;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the CLI's stdout lines as they arrive, turns them into events, hands each to the
 * listener at once and keeps only what the outcome needs: the last result, the session id and the
 * last assistant text. Nothing else of the transcript is held, so memory stays bounded however long
 * the run. It also adds up the tokens of the messages streamed so far (the latest report of each
 * message; the CLI repeats a message's usage on each line of it, and an unchanged repeat is not
 * delivered again), so a run killed before its result line still says what it used. After {@link #close()} later lines are ignored, so no event reaches the listener after
 * the executor returned. Internal: no compatibility promise. Thread-safe.
 */
public final class StreamCollector implements Consumer<String> {
  private static final Logger LOG = LoggerFactory.getLogger(StreamCollector.class);

  private final StreamJsonParser parser;
  private final Consumer<AgentEvent> listener;
  private boolean closed;
  private boolean listenerFailed;
  private AgentEvent.Result result;
  private String sessionId;
  private String lastAssistantText;
  private long events;
  private long malformedLines;
  private AgentEvent.Usage lastUsage;
  private TokenUsage earlierMessages = TokenUsage.ZERO;
  private int messages;

  public StreamCollector(StreamJsonParser parser, Consumer<AgentEvent> listener) {
    this.parser = parser;
    this.listener = listener;
  }

  @Override
  public synchronized void accept(String line) {
    if (closed) {
      return;
    }
    for (AgentEvent event : parser.parse(line)) {
      if (event instanceof AgentEvent.Usage usage && !newUsage(usage)) {
        continue;
      }
      remember(event);
      deliver(event);
    }
  }

  /** Stops delivering; lines arriving later are dropped. */
  public synchronized void close() {
    closed = true;
  }

  public synchronized AgentEvent.Result result() { return result; }

  /** The session id from the result or, failing that, from the init line. */
  public synchronized String sessionId() {
    return result != null && result.sessionId() != null ? result.sessionId() : sessionId;
  }

  public synchronized String lastAssistantText() { return lastAssistantText; }

  public synchronized long events() { return events; }

  public synchronized long malformedLines() { return malformedLines; }

  /** The tokens of every message streamed so far, or null when no line reported usage. */
  public synchronized TokenUsage streamedUsage() {
    return lastUsage == null ? null : earlierMessages.plus(lastUsage.usage());
  }

  /** How many API messages (turns) were streamed so far. */
  public synchronized int streamedMessages() { return messages; }

  /** Folds a usage report into the totals; false when it repeats the last one unchanged. */
  private boolean newUsage(AgentEvent.Usage usage) {
    if (usage.equals(lastUsage)) {
      return false;
    }
    if (lastUsage == null || !lastUsage.messageId().equals(usage.messageId())) {
      earlierMessages = lastUsage == null ? earlierMessages : earlierMessages.plus(lastUsage.usage());
      messages++;
    }
    lastUsage = usage;
    return true;
  }

  private void remember(AgentEvent event) {
    events++;
    if (event instanceof AgentEvent.Init init) {
      sessionId = init.sessionId();
    } else if (event instanceof AgentEvent.AssistantText text) {
      lastAssistantText = text.text();
    } else if (event instanceof AgentEvent.Result r) {
      result = r;
    } else if (event instanceof AgentEvent.Malformed) {
      malformedLines++;
    }
  }

  private void deliver(AgentEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      if (!listenerFailed) {
        listenerFailed = true;
        LOG.atWarn().setMessage("agent_event_listener_failed")
            .addKeyValue("event_type", event.type())
            .addKeyValue("error", e.getClass().getName())
            .log();
      }
    }
  }
}
