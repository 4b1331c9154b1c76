package dev.awo.http;

import static dev.awo.http.RepositoryApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.awo.domain.WorkOrderId;
import org.junit.jupiter.api.Test;

/** A path segment is a work order id or a 404 naming what was asked for. */
class PathIdsTest {

  @Test
  void aWorkOrderIdOrA404() {
    assertEquals(WorkOrderId.of("wo-1a2b3c4d"), PathIds.workOrder("wo-1a2b3c4d"));
    for (String bad : new String[] {"nonsense", "..", "", "wo-1A2B3C4D-and-more", null}) {
      assertProblem(404, null, () -> PathIds.workOrder(bad));
    }
  }
}
