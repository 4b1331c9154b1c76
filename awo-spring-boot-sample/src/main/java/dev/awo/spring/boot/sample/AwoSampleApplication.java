package dev.awo.spring.boot.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application on awo-spring-boot-starter: the live page at {@code /} ({@link
 * LivePageController}, awo-http's page, the same as the example host's), the REST and
 * SSE endpoints under {@code /agent-work-orders}, {@code /actuator/health/awo} and {@code
 * /actuator/awo}, work orders kept in an H2 file database under {@code ./awo-sample-data}. It runs
 * the real Claude Code CLI, git and gh (see {@code application.yml}); it binds to 127.0.0.1 only
 * and has no authentication, so it is for a workstation, not a server.
 *
 * <pre>
 * mvn -B -q package -DskipTests &amp;&amp; java -jar awo-spring-boot-sample/target/awo-spring-boot-sample.jar
 * </pre>
 */
@SpringBootApplication
public class AwoSampleApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(AwoSampleApplication.class, args);
  }
}
