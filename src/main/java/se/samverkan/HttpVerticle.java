package se.samverkan;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import se.samverkan.admin.AccessLogRoutes;
import se.samverkan.admin.PeopleRoutes;
import se.samverkan.admin.PeopleService;
import se.samverkan.admin.AccessReviewRoutes;
import se.samverkan.admin.LoginEventsRoutes;
import se.samverkan.admin.ServerStatusRoutes;
import se.samverkan.child.ChildRecords;
import se.samverkan.child.ChildRepository;
import se.samverkan.child.ChildRoutes;
import se.samverkan.child.ChildService;
import se.samverkan.config.AppConfig;
import se.samverkan.consent.ConsentRecords;
import se.samverkan.consent.ConsentRepository;
import se.samverkan.consent.ConsentRoutes;
import se.samverkan.consent.ConsentService;
import se.samverkan.consent.ManualSharing;
import se.samverkan.crypto.KeyVault;
import se.samverkan.direct.ConversationRoutes;
import se.samverkan.direct.ConversationService;
import se.samverkan.direct.DeviceRoutes;
import se.samverkan.direct.DeviceService;
import se.samverkan.family.FamilyRoutes;
import se.samverkan.family.FamilyService;
import se.samverkan.http.AccessLogHandler;
import se.samverkan.http.AllowedMethods;
import se.samverkan.http.ErrorHandler;
import se.samverkan.http.HealthRoutes;
import se.samverkan.http.InvalidRequestHandler;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.RequestLimit;
import se.samverkan.http.SecurityHeadersHandler;
import se.samverkan.identity.BearerAuthHandler;
import se.samverkan.identity.KeycloakAdmin;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.NotBefore;
import se.samverkan.identity.KnownUserRepository;
import se.samverkan.identity.MeRoutes;
import se.samverkan.identity.TokenValidator;
import se.samverkan.meeting.MailOutboxJob;
import se.samverkan.meeting.MeetingRepository;
import se.samverkan.meeting.MeetingRoutes;
import se.samverkan.meeting.MeetingService;
import se.samverkan.meeting.RsvpRoutes;
import se.samverkan.membership.TeamMemberships;
import se.samverkan.message.MessageRepository;
import se.samverkan.message.MessageRoutes;
import se.samverkan.message.MessageService;
import se.samverkan.message.TeamChannelGateway;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.SecurityAudit;
import se.samverkan.policy.DirectPolicy;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;
import se.samverkan.sharinglog.SharingLog;
import se.samverkan.sharinglog.SharingLogRoutes;
import se.samverkan.team.TeamRoutes;
import se.samverkan.team.TeamService;

/**
 * One HTTP server instance on one event loop. Builds the request pipeline:
 * access log → security headers → (for /api/**) body limit → bearer token → per-user request limit →
 * contract validation →
 * feature handler, with one problem+json failure handler at the end; everything else is the web client.
 */
public final class HttpVerticle extends VerticleBase {

  /** Bodies above this are refused with 413 before they are read. */
  public static final long MAX_BODY_BYTES = 256 * 1024;

  private final SharedServices shared;
  private final int port;
  private HttpServer server;
  private TeamChannelGateway gateway;
  private NotBefore notBefore;

  HttpVerticle(SharedServices shared, int port) {
    this.shared = shared;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    AppConfig.Oidc oidc = shared.config().oidc();
    TokenValidator tokens = TokenValidator.create(vertx, oidc);
    KeycloakDirectory directory = KeycloakDirectory.create(vertx, oidc);
    notBefore = new NotBefore(vertx, shared.pool());
    tokens.checking(notBefore);
    Router api = apiRouter(oidc, tokens, directory);
    SecurityHeadersHandler securityHeaders = SecurityHeadersHandler.create(origin(oidc.publicKeycloakUrl()),
        "https".equals(shared.publicUrl().getScheme()));
    Router root = rootRouter(api, tokens, securityHeaders);
    return notBefore.start()
        .compose(v -> tokens.loadKeys().otherwiseEmpty())
        .compose(v -> listen(root, securityHeaders))
        .onSuccess(s -> server = s);
  }

  /** Wires the services and binds every contract operation to its handler; also starts the channel gateway. */
  private Router apiRouter(AppConfig.Oidc oidc, TokenValidator tokens, KeycloakDirectory directory) {
    AppConfig config = shared.config();
    HealthRoutes health = new HealthRoutes(shared.readiness(), BuildInfo.version());
    MeRoutes me = new MeRoutes(directory, new KnownUserRepository(shared.pool()));
    Pool pool = shared.pool();
    KeyVault keys = shared.keyVault();
    SharingLog sharingLog = shared.sharingLog();
    AccessPolicy policy = new AccessPolicy(pool, shared.accessLog());
    ChildRepository children = new ChildRepository(pool);
    TeamMemberships teams = new TeamMemberships(pool);
    ConsentRepository consentRecords = new ConsentRepository(pool);
    ChildService childService = new ChildService(pool, keys, policy, directory, children, teams, consentRecords,
        sharingLog, shared.careModel(), Clock.systemUTC(), vertx.eventBus());
    ConsentService consentService = new ConsentService(pool, keys, directory, new ChildRecords(pool), consentRecords, teams, sharingLog,
        vertx.eventBus());
    TeamService teamService = new TeamService(pool, keys, directory, new ChildRecords(pool), teams, new ConsentRecords(pool), sharingLog,
        vertx.eventBus());
    MessageService messageService = new MessageService(pool, keys, new MessageRepository(pool), vertx.eventBus(),
        shared.messageLimiter(), context);
    DirectPolicy directPolicy = new DirectPolicy(pool, shared.accessLog());
    DeviceService deviceService = new DeviceService(pool, directPolicy, directory, vertx.eventBus());
    gateway = new TeamChannelGateway(vertx, tokens, policy, messageService, shared.openWebSockets(),
        shared.socketQuota(), deviceService::isActiveDeviceOf);
    gateway.start();
    JsonObject clientConfig = new JsonObject()
        .put("keycloakUrl", oidc.publicKeycloakUrl())
        .put("realm", oidc.realm())
        .put("clientId", oidc.webClientId());

    OpenApiBinder binder = OpenApiBinder.create(vertx, shared.contract())
        .handler("getHealth", health::health)
        .handler("getReadiness", health::ready)
        .handler("getClientConfig", ctx -> ctx.json(clientConfig))
        .json("getMe", me::me)
        .json("listOrganisations", me::organisations);
    new ChildRoutes(policy, childService).bind(binder);
    new ConsentRoutes(policy, consentService, new ManualSharing(pool, keys, directory, consentRecords, sharingLog))
        .bind(binder);
    new TeamRoutes(policy, teamService).bind(binder);
    new SharingLogRoutes(policy, keys, sharingLog).bind(binder);
    new FamilyRoutes(new FamilyService(pool, keys, policy, directory, childService, consentService, sharingLog)).bind(binder);
    new AccessLogRoutes(policy).bind(binder);
    new AccessReviewRoutes(policy, shared.accessLog(), pool).bind(binder);
    new LoginEventsRoutes(policy, directory).bind(binder);
    new ServerStatusRoutes(policy, shared.openWebSockets()).bind(binder);
    SecurityAudit audit = new SecurityAudit(pool);
    new PeopleRoutes(new PeopleService(policy, directory, new KeycloakAdmin(directory), notBefore, audit,
        Clock.systemUTC()), policy, audit).bind(binder);
    new MessageRoutes(policy, messageService).bind(binder);
    MeetingService meetingService = new MeetingService(pool, keys, policy, directory, new MeetingRepository(pool),
        consentService, sharingLog, vertx.eventBus(), config.mail().reminderLead(), shared.publicUrl());
    new MeetingRoutes(policy, meetingService).bind(binder);
    new RsvpRoutes(meetingService, MailOutboxJob.rsvpTokens(shared.masterKey())).bind(binder);
    new DeviceRoutes(deviceService).bind(binder);
    new ConversationRoutes(new ConversationService(pool, directPolicy, directory, new ChildRecords(pool), keys,
        new ConversationService.Logging(new ConsentRecords(pool), sharingLog), vertx.eventBus())).bind(binder);
    return binder.createRouter();
  }

  /** The pipeline around the contract router: limits and authentication first, the web client and errors last. */
  private Router rootRouter(Router api, TokenValidator tokens, SecurityHeadersHandler securityHeaders) {
    Router root = Router.router(vertx);
    root.route().handler(AccessLogHandler.create());
    root.route().handler(securityHeaders);
    root.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    root.route("/api/*").handler(BearerAuthHandler.create(tokens));
    root.route("/api/*").handler(new RequestLimit(shared.requestLimiter()));
    root.route("/rsvp/*").handler(BodyHandler.create(false).setBodyLimit(4 * 1024));
    root.route("/*").subRouter(api);
    // What the contract router did not take: a contract path with another method is 405, not 404.
    root.route().handler(AllowedMethods.from(shared.contract()));
    root.route("/api/*").handler(ctx -> ctx.fail(ProblemException.notFound()));
    root.route("/rsvp-assets/*").handler(StaticHandler.create("rsvp-page")
        .setCachingEnabled(true)
        .setMaxAgeSeconds(3600)
        .setDirectoryListing(false));
    // Hashed build assets may be cached for a year; index.html must be revalidated on each load.
    root.route("/assets/*").handler(StaticHandler.create("webroot")
        .setCachingEnabled(true)
        .setMaxAgeSeconds(365L * 24 * 3600)
        .setDirectoryListing(false));
    root.route("/*").handler(StaticHandler.create("webroot")
        .setIndexPage("index.html")
        .setCachingEnabled(false)
        .setDirectoryListing(false)
        .setIncludeHidden(false));
    root.route().failureHandler(ErrorHandler.create());
    root.errorHandler(404, ctx -> ErrorHandler.send(ctx, Problem.of(ProblemType.NOT_FOUND)));
    root.errorHandler(405, ctx -> ErrorHandler.send(ctx, Problem.of(ProblemType.METHOD_NOT_ALLOWED)));
    return root;
  }

  private Future<HttpServer> listen(Router root, SecurityHeadersHandler securityHeaders) {
    String publicOrigin = origin(shared.publicUrl().toString());
    return vertx.createHttpServer(serverOptions())
        .requestHandler(root)
        .invalidRequestHandler(new InvalidRequestHandler(securityHeaders))
        .webSocketHandshakeHandler(handshake -> answerHandshake(handshake, publicOrigin))
        .webSocketHandler(gateway::connect)
        .listen();
  }

  private HttpServerOptions serverOptions() {
    return TeamChannelGateway.webSocketOptions(new HttpServerOptions())
        .setHost(shared.config().http().host())
        .setPort(port)
        .setMaxHeaderSize(16 * 1024)
        .setMaxInitialLineLength(8 * 1024)
        // No cleartext HTTP/2 upgrade: on that path neither the header limit above nor the
        // problem+json answers to unparsable requests apply (a 200 KB header got through). Browsers
        // never use h2c; HTTP/2 belongs to the TLS proxy in front.
        .setHttp2ClearTextEnabled(false)
        .setCompressionSupported(true)
        .setIdleTimeout(120);
  }

  private static void answerHandshake(ServerWebSocketHandshake handshake, String publicOrigin) {
    String origin = handshake.headers().get("Origin");
    // Browsers always send Origin: only our own page may open the socket. Other clients send none.
    if (!TeamChannelGateway.PATH.equals(handshake.path())) {
      handshake.reject(404);
    } else if (origin != null && !origin.equals(publicOrigin)) {
      handshake.reject(403);
    } else {
      handshake.accept();
    }
  }

  @Override
  public Future<?> stop() {
    Future<Void> sockets = gateway == null ? Future.succeededFuture() : gateway.stop();
    if (notBefore != null) {
      notBefore.stop();
    }
    return sockets.transform(v -> server == null ? Future.succeededFuture() : server.close());
  }

  private static String origin(String url) {
    java.net.URI u = java.net.URI.create(url);
    return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
  }
}
