package se.samverkan.meeting;

import io.vertx.core.json.JsonObject;

/**
 * The answer page for people without an account. Plain HTML rendered on the server (every value
 * escaped); the buttons work through /rsvp-assets/rsvp.js, because the CSP forbids inline script.
 */
final class RsvpPage {

  private RsvpPage() {
  }

  static String render(JsonObject view) {
    boolean cancelled = view.getBoolean("cancelled", false);
    StringBuilder body = new StringBuilder();
    String name = view.getString("name");
    body.append(name == null || name.isBlank() ? "<p>Hej!</p>\n" : "<p>Hej " + escape(name) + "!</p>\n");
    body.append(cancelled
        ? "<p class=\"notice notice--cancelled\" data-testid=\"rsvp-cancelled\">Mötet är inställt. Du behöver inte göra något mer.</p>\n"
        : "<p>Du är inbjuden till ett möte. Svara gärna om du kommer.</p>\n");
    body.append("<dl class=\"facts\" data-testid=\"rsvp-meeting\">\n");
    fact(body, "Möte", view.getString("kind"), "rsvp-kind");
    fact(body, "Tid", view.getString("when"), "rsvp-when");
    fact(body, "Plats", view.getString("location"), "rsvp-location");
    String video = view.getString("videoLink");
    if (video != null && !video.isBlank()) {
      body.append("  <dt>Videolänk</dt><dd><a href=\"").append(escape(video)).append("\" rel=\"noopener noreferrer\">")
          .append(escape(video)).append("</a></dd>\n");
    }
    fact(body, "Inbjudan från", view.getString("organiser"), "rsvp-organiser");
    body.append("</dl>\n");
    Answer answer = Answer.valueOf(view.getString("answer", Answer.NEEDS_ACTION.name()));
    body.append("<p id=\"rsvp-status\" class=\"status\" role=\"status\" aria-live=\"polite\" data-testid=\"rsvp-status\" data-answer=\"")
        .append(answer.name()).append("\">").append(escape(answerText(answer))).append("</p>\n");
    if (!cancelled) {
      body.append("""
          <form id="rsvp-form" class="answers" data-testid="rsvp-form">
            <fieldset>
              <legend>Ditt svar</legend>
              <button type="submit" name="answer" value="ACCEPTED" data-testid="rsvp-accept">Jag kommer</button>
              <button type="submit" name="answer" value="TENTATIVE" data-testid="rsvp-tentative">Kanske</button>
              <button type="submit" name="answer" value="DECLINED" data-testid="rsvp-decline">Jag kommer inte</button>
            </fieldset>
          </form>
          <noscript><p>Sidan behöver JavaScript för att skicka ditt svar.</p></noscript>
          <p class="small">Länken är personlig – dela den inte. Du kan ändra ditt svar här fram till mötet.</p>
          """);
    }
    return page("Mötesinbjudan", body.toString());
  }

  static String message(String title, String text) {
    return page(title, "<p data-testid=\"rsvp-error\">" + escape(text) + "</p>\n");
  }

  static String answerText(Answer answer) {
    return switch (answer) {
      case ACCEPTED -> "Ditt svar: Jag kommer.";
      case DECLINED -> "Ditt svar: Jag kommer inte.";
      case TENTATIVE -> "Ditt svar: Kanske.";
      case NEEDS_ACTION -> "Du har inte svarat än.";
    };
  }

  private static void fact(StringBuilder out, String term, String value, String testid) {
    if (value == null || value.isBlank()) {
      return;
    }
    out.append("  <dt>").append(term).append("</dt><dd data-testid=\"").append(testid).append("\">")
        .append(escape(value)).append("</dd>\n");
  }

  private static String page(String title, String main) {
    return """
        <!doctype html>
        <html lang="sv">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow">
        <title>%s – Samverkan</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/rsvp-assets/rsvp.css">
        <script type="module" src="/rsvp-assets/rsvp.js"></script>
        </head>
        <body>
        <main id="main">
        <h1>%s</h1>
        %s</main>
        </body>
        </html>
        """.formatted(escape(title), escape(title), main);
  }

  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
