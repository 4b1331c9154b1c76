package dev.awo.core.workflow;

import dev.awo.domain.InvalidInputException;
import java.util.List;
import java.util.stream.Collectors;

/** A workflow definition with problems; {@link #problems()} lists every one found. */
public class InvalidWorkflowException extends InvalidInputException {
  private static final long serialVersionUID = 1L;
  private final transient List<WorkflowProblem> problems;

  public InvalidWorkflowException(String workflow, List<WorkflowProblem> problems) {
    super("workflow", "'" + workflow + "' has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
        + ":\n" + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<WorkflowProblem> problems() {
    return problems;
  }
}
