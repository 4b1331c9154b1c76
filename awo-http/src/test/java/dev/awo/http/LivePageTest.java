package dev.awo.http;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LivePageTest {

  @Test
  void servesTheSelfContainedPageThatTalksToTheApi() {
    String page = new String(LivePage.html(), StandardCharsets.UTF_8);

    assertTrue(page.startsWith("<!doctype html>") || page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
    assertTrue(page.contains("/agent-work-orders"), "the page calls the API");
    assertTrue(!page.contains("<script src=\"http"), "no external script");
  }

  @Test
  void everyCallReturnsItsOwnCopy() {
    assertNotSame(LivePage.html(), LivePage.html());
  }
}
