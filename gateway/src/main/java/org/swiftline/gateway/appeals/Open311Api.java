package org.swiftline.gateway.appeals;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.swiftline.bots.ChannelIdentity;
import org.swiftline.gateway.knowledge.Category;
import org.swiftline.gateway.knowledge.KnowledgeBase;
import org.swiftline.gateway.retrieval.AnswerEngine;
import org.swiftline.gateway.store.AppealQuery;

/**
 * The Open311 GeoReport v2 API over the appeals (https://wiki.open311.org/GeoReport_v2), under
 * {@code /open311/v2/}: {@code services.json|xml} (one service per appeal category),
 * {@code services/<code>.json|xml}, {@code requests.json|xml} (GET with {@code service_request_id},
 * {@code service_code}, {@code start_date}, {@code end_date}, {@code status}; POST with {@code api_key}) and
 * {@code requests/<id>.json|xml}. Request ids are appeal numbers, as strings; the lifecycle maps onto
 * {@code open} and {@code closed}, with the detailed status in {@code status_notes}. Nothing personal
 * appears: no phone, no channel identity, and phone numbers in descriptions are blanked. Errors use the
 * spec's format, {@code [{"code", "description"}]} or {@code <errors><error>}.
 */
public final class Open311Api {
  static final int MAX_REQUESTS = 1000;
  static final Duration DEFAULT_WINDOW = Duration.ofDays(90);
  private static final DateTimeFormatter W3C = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\d[\\d ()-]{5,20}\\d");
  private static final Set<AppealStatus> OPEN = EnumSet.of(
      AppealStatus.RECEIVED, AppealStatus.DISPATCHED, AppealStatus.IN_PROGRESS, AppealStatus.REOPENED);
  private static final Set<AppealStatus> CLOSED = EnumSet.of(AppealStatus.RESOLVED, AppealStatus.CLOSED, AppealStatus.REJECTED);

  private final AppealDesk desk;
  private final DepartmentKeys keys;
  private final Supplier<AnswerEngine> engines;
  private final Clock clock;

  public Open311Api(AppealDesk desk, DepartmentKeys keys, Supplier<AnswerEngine> engines, Clock clock) {
    this.desk = desk;
    this.keys = keys;
    this.engines = engines;
    this.clock = clock;
  }

  /** A client error in the spec's format. */
  static final class Open311Error extends RuntimeException {
    final int code;

    Open311Error(int code, String description) {
      super(description, null, false, false);
      this.code = code;
    }
  }

  public void mount(Router router) {
    String format = "\\.(?<format>json|xml)";
    router.getWithRegex("/open311/v2/services" + format).handler(this::services);
    router.getWithRegex("/open311/v2/services/(?<code>[^/]+)" + format).handler(this::service);
    router.getWithRegex("/open311/v2/requests" + format).handler(this::requests);
    router.postWithRegex("/open311/v2/requests" + format)
        .handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::create);
    router.getWithRegex("/open311/v2/requests/(?<id>[^/]+)" + format).handler(this::request);
    router.route("/open311/v2/*").handler(ctx -> error(ctx, new Open311Error(404, "no such Open311 resource")));
  }

  // ---- services

  private void services(RoutingContext ctx) {
    KnowledgeBase kb = knowledgeBase(ctx);
    if (kb == null) return;
    List<Map<String, Object>> services = new ArrayList<>();
    for (Category c : kb.categories().values()) services.add(service(c, kb));
    render(ctx, "services", "service", services);
  }

  private void service(RoutingContext ctx) {
    KnowledgeBase kb = knowledgeBase(ctx);
    if (kb == null) return;
    Category c = kb.categories().get(ctx.pathParam("code"));
    if (c == null) {
      error(ctx, new Open311Error(404, "unknown service_code '" + ctx.pathParam("code") + "'"));
      return;
    }
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("service_code", c.id());
    definition.put("attributes", List.of());
    if (isXml(ctx)) {
      xml(ctx, 200, "<service_definition><service_code>" + escape(c.id()) + "</service_code><attributes/></service_definition>");
    } else {
      ctx.json(new JsonObject(definition));
    }
  }

  private static Map<String, Object> service(Category c, KnowledgeBase kb) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("service_code", c.id());
    s.put("service_name", c.names().getOrDefault("en", c.id()));
    s.put("description", AppealDesk.departmentName(kb, c.department(), "en"));
    s.put("metadata", false);
    s.put("type", "batch");
    s.put("keywords", String.join(",", c.names().values()));
    s.put("group", AppealDesk.departmentName(kb, c.department(), "en"));
    return s;
  }

  // ---- requests

  private void requests(RoutingContext ctx) {
    KnowledgeBase kb = knowledgeBase(ctx);
    if (kb == null) return;
    Future<List<Appeal>> found;
    try {
      String ids = ctx.request().getParam("service_request_id");
      if (ids != null && !ids.isBlank()) {
        // With ids, the other parameters are ignored (GeoReport v2).
        List<Future<java.util.Optional<Appeal>>> reads = new ArrayList<>();
        for (String id : new LinkedHashSet<>(List.of(ids.split(",")))) {
          if (Appeal.NUMBER.matcher(id.strip()).matches()) reads.add(desk.store().find(id.strip()));
        }
        found = Future.all(reads).map(all -> reads.stream().map(f -> f.result()).filter(java.util.Optional::isPresent)
            .map(java.util.Optional::get).toList());
      } else {
        found = desk.store().search(query(ctx));
      }
    } catch (Open311Error e) {
      error(ctx, e);
      return;
    }
    found.onFailure(ctx::fail).onSuccess(appeals -> {
      List<Map<String, Object>> list = new ArrayList<>();
      appeals.forEach(a -> list.add(toRequest(a, kb)));
      render(ctx, "service_requests", "request", list);
    });
  }

  private AppealQuery query(RoutingContext ctx) {
    Instant end = date(ctx, "end_date");
    Instant start = date(ctx, "start_date");
    if (start == null) start = (end == null ? clock.instant() : end).minus(DEFAULT_WINDOW);
    if (end != null && !end.isAfter(start)) throw new Open311Error(400, "end_date must be after start_date");
    Set<String> codes = new LinkedHashSet<>();
    String code = ctx.request().getParam("service_code");
    if (code != null && !code.isBlank()) for (String c : code.split(",")) codes.add(c.strip());
    Set<AppealStatus> statuses = EnumSet.noneOf(AppealStatus.class);
    String status = ctx.request().getParam("status");
    if (status != null && !status.isBlank()) {
      for (String s : status.split(",")) {
        switch (s.strip().toLowerCase(Locale.ROOT)) {
          case "open" -> statuses.addAll(OPEN);
          case "closed" -> statuses.addAll(CLOSED);
          default -> throw new Open311Error(400, "status must be open or closed");
        }
      }
    }
    return new AppealQuery(null, null, false, statuses, codes, start, end == null ? null : end.plusMillis(1), MAX_REQUESTS);
  }

  private static Instant date(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    if (value == null || value.isBlank()) return null;
    try {
      return OffsetDateTime.parse(value.strip(), W3C).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return java.time.LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException again) {
        throw new Open311Error(400, name + " must be a W3C date-time such as 2026-11-28T10:00:00Z");
      }
    }
  }

  private void request(RoutingContext ctx) {
    KnowledgeBase kb = knowledgeBase(ctx);
    if (kb == null) return;
    String id = ctx.pathParam("id");
    if (!Appeal.NUMBER.matcher(id).matches()) {
      error(ctx, new Open311Error(404, "no service request '" + id + "'"));
      return;
    }
    desk.store().find(id).onFailure(ctx::fail).onSuccess(found -> {
      if (found.isEmpty()) error(ctx, new Open311Error(404, "no service request '" + id + "'"));
      else render(ctx, "service_requests", "request", List.of(toRequest(found.get(), kb)));
    });
  }

  private Map<String, Object> toRequest(Appeal a, KnowledgeBase kb) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("service_request_id", a.number());
    r.put("status", a.status().isOpen() ? "open" : "closed");
    r.put("status_notes", a.status().wire().replace('_', ' ') + (a.department() == null ? "" : ": "
        + desk.statusText(a, "en", kb)));
    r.put("service_name", a.category() == null ? null : AppealDesk.categoryName(kb, a.category(), "en"));
    r.put("service_code", a.category());
    r.put("description", PHONE_LIKE.matcher(a.what()).replaceAll("[number removed]"));
    r.put("agency_responsible", a.department() == null ? null : AppealDesk.departmentName(kb, a.department(), "en"));
    r.put("service_notice", null);
    r.put("requested_datetime", W3C.format(a.createdAt().atOffset(ZoneOffset.UTC)));
    r.put("updated_datetime", W3C.format(a.updatedAt().atOffset(ZoneOffset.UTC)));
    r.put("expected_datetime", null);
    String address = a.address() == null ? null : PHONE_LIKE.matcher(a.address()).replaceAll("[number removed]");
    r.put("address", address);
    r.put("address_id", null);
    r.put("zipcode", null);
    r.put("lat", null);
    r.put("long", null);
    r.put("media_url", null);
    return r;
  }

  // ---- POST requests

  private void create(RoutingContext ctx) {
    AnswerEngine engine = engines.get();
    if (engine == null) {
      error(ctx, new Open311Error(503, "the service list is still loading, please retry"));
      return;
    }
    KnowledgeBase kb = engine.knowledgeBase();
    String apiKey = param(ctx, "api_key");
    String code = param(ctx, "service_code");
    String description = param(ctx, "description");
    String address = param(ctx, "address_string");
    String lat = param(ctx, "lat");
    String lon = param(ctx, "long");
    try {
      if (apiKey == null) throw new Open311Error(403, "api_key is required");
      if (code == null) throw new Open311Error(400, "service_code is required");
      if (!kb.categories().containsKey(code)) throw new Open311Error(404, "unknown service_code '" + code + "'");
      if (description == null) throw new Open311Error(400, "description is required");
      if (description.codePointCount(0, description.length()) > Appeal.MAX_TEXT) {
        throw new Open311Error(400, "description must be at most " + Appeal.MAX_TEXT + " characters");
      }
      if (address == null && (lat == null || lon == null)) {
        throw new Open311Error(400, "a location is required: address_string, or lat and long");
      }
      if (address == null) {
        double la = Double.parseDouble(lat);
        double lo = Double.parseDouble(lon);
        if (Math.abs(la) > 90 || Math.abs(lo) > 180) throw new NumberFormatException();
        address = la + "," + lo;
      } else if (address.codePointCount(0, address.length()) > Appeal.MAX_TEXT) {
        throw new Open311Error(400, "address_string must be at most " + Appeal.MAX_TEXT + " characters");
      }
    } catch (NumberFormatException e) {
      error(ctx, new Open311Error(400, "lat and long must be decimal degrees"));
      return;
    } catch (Open311Error e) {
      error(ctx, e);
      return;
    }
    String where = address;
    String language = description.codePoints().anyMatch(Character::isIdeographic) ? "zh" : "en";
    keys.department(apiKey).compose(owner -> {
      if (owner.isEmpty()) return Future.failedFuture(new Open311Error(403, "api_key is not valid"));
      AppealDraft draft = new AppealDraft(UUID.randomUUID().toString(), AppealDraft.Step.CONFIRM, false, description,
          null, where, null, null, false, "");
      ChannelIdentity client = new ChannelIdentity("open311", owner.get().replaceAll("[^a-z0-9-]", "-"));
      return desk.file(draft, client, null, language, engine, code, "open311:" + owner.get());
    }).onSuccess(a -> {
      Map<String, Object> created = new LinkedHashMap<>();
      created.put("service_request_id", a.number());
      created.put("service_notice", a.department() == null ? null
          : "sent to " + AppealDesk.departmentName(kb, a.department(), "en"));
      created.put("account_id", null);
      ctx.response().setStatusCode(201);
      render(ctx, "service_requests", "request", List.of(created));
    }).onFailure(e -> {
      if (e instanceof Open311Error o) error(ctx, o);
      else ctx.fail(e);
    });
  }

  private static String param(RoutingContext ctx, String name) {
    String v = ctx.request().formAttributes().get(name);
    if (v == null) v = ctx.request().getParam(name);
    return v == null || v.isBlank() ? null : v.strip();
  }

  // ---- rendering

  private KnowledgeBase knowledgeBase(RoutingContext ctx) {
    AnswerEngine engine = engines.get();
    if (engine == null) {
      error(ctx, new Open311Error(503, "the service list is still loading, please retry"));
      return null;
    }
    return engine.knowledgeBase();
  }

  private static boolean isXml(RoutingContext ctx) {
    return "xml".equals(ctx.pathParam("format"));
  }

  private static void render(RoutingContext ctx, String root, String item, List<Map<String, Object>> items) {
    int status = ctx.response().getStatusCode();
    if (isXml(ctx)) {
      StringBuilder xml = new StringBuilder("<" + root + ">");
      for (Map<String, Object> m : items) {
        xml.append('<').append(item).append('>');
        m.forEach((k, v) -> {
          if (v == null) xml.append('<').append(k).append("/>");
          else xml.append('<').append(k).append('>').append(escape(String.valueOf(v))).append("</").append(k).append('>');
        });
        xml.append("</").append(item).append('>');
      }
      xml(ctx, status, xml.append("</").append(root).append('>').toString());
    } else {
      JsonArray array = new JsonArray();
      items.forEach(m -> array.add(new JsonObject(new LinkedHashMap<>(m))));
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(array.encode());
    }
  }

  private static void error(RoutingContext ctx, Open311Error e) {
    if (isXml(ctx) || ctx.request().path().endsWith(".xml")) {
      xml(ctx, e.code, "<errors><error><code>" + e.code + "</code><description>" + escape(e.getMessage())
          + "</description></error></errors>");
    } else {
      ctx.response().setStatusCode(e.code).putHeader("Content-Type", "application/json; charset=utf-8")
          .end(new JsonArray().add(new JsonObject().put("code", e.code).put("description", e.getMessage())).encode());
    }
  }

  private static void xml(RoutingContext ctx, int status, String body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/xml; charset=utf-8")
        .end("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + body);
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') continue;
          out.append(c);
        }
      }
    }
    return out.toString();
  }
}
