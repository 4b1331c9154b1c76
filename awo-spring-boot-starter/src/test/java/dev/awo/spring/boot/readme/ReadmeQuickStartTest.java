package dev.awo.spring.boot.readme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spring.boot.autoconfigure.AwoAutoConfiguration;
import dev.awo.spring.boot.autoconfigure.AwoProperties;
import dev.awo.testkit.ScriptedPorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The README's "Spring Boot" section works as written: its application.yml binds, its listener and
 * runner (this package's {@link AwoQuickStart}, a verbatim copy) start a work order whose saves
 * the listener logs. The test only swaps PostgreSQL for H2, the agent and sandboxes for scripted
 * ones, and turns gh off (no network, no login on the test machine).
 */
@ExtendWith(OutputCaptureExtension.class)
class ReadmeQuickStartTest {
  private static final Path README = Path.of("..", "README.md");

  @Test
  void theListenerSnippetIsThisPackagesQuickStartVerbatim() throws IOException {
    String source = Files.readString(Path.of("src/test/java/dev/awo/spring/boot/readme/AwoQuickStart.java"));
    String copy = source.substring(source.indexOf("// README-BEGIN boot:listener\n") + 30,
        source.indexOf("// README-END"));
    assertThat(block("listener")).isEqualTo(copy);
    assertThat(block("dependencies")).contains("<artifactId>awo-spring-boot-starter</artifactId>");
  }

  @Test
  void theApplicationYmlBindsAndTheQuickStartRunsAWorkOrder(CapturedOutput output) throws IOException {
    List<String> properties = new ArrayList<>(yaml(block("application-yml")));
    properties.addAll(List.of("spring.datasource.url=jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=sa", "spring.datasource.password=", "awo.github.enabled=false"));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, AwoAutoConfiguration.class))
        .withPropertyValues(properties.toArray(String[]::new))
        .withUserConfiguration(AwoQuickStart.class, ScriptedPorts.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          AwoProperties awo = context.getBean(AwoProperties.class);
          assertThat(awo.agent().maxTurns()).isEqualTo(40);
          assertThat(awo.agent().environmentPassThrough()).contains("NODE_EXTRA_CA_CERTS");
          assertThat(awo.sandbox().warmWorktrees()).isEqualTo(2);
          assertThat(awo.web().enabled()).isTrue();
          context.getBean(ApplicationRunner.class).run(new DefaultApplicationArguments());
          WorkflowOrchestrator orchestrator = context.getBean(WorkflowOrchestrator.class);
          assertThat(awaitEnd(orchestrator).status()).isEqualTo(WorkOrderStatus.COMPLETED);
        });
    assertThat(output.getAll()).contains("submitted wo-").contains("saved create_pr as version 7");
  }

  private static WorkOrder awaitEnd(WorkflowOrchestrator orchestrator) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      List<WorkOrder> orders = orchestrator.workOrders();
      if (!orders.isEmpty() && orders.get(0).status().isTerminal()) {
        return orders.get(0);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the work order did not end within 60 s: " + orchestrator.workOrders());
  }

  private static String block(String name) throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("<!-- boot:" + name + " -->\n```[a-z]*\n(.*?)```\n", Pattern.DOTALL).matcher(readme);
    assertThat(m.find()).as("README block boot:" + name).isTrue();
    return m.group(1);
  }

  private static List<String> yaml(String text) throws IOException {
    List<String> properties = new ArrayList<>();
    for (PropertySource<?> source : new YamlPropertySourceLoader()
        .load("application.yml", new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)))) {
      EnumerablePropertySource<?> e = (EnumerablePropertySource<?>) source;
      for (String key : e.getPropertyNames()) {
        properties.add(key + "=" + e.getProperty(key));
      }
    }
    return properties;
  }
}
