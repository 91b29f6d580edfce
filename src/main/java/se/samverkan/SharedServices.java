package se.samverkan;

import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import se.samverkan.caremodel.CareModel;
import se.samverkan.config.AppConfig;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.MasterKey;
import se.samverkan.http.RateLimiter;
import se.samverkan.http.Readiness;
import se.samverkan.message.SocketQuota;
import se.samverkan.policy.AccessLog;
import se.samverkan.sharinglog.SharingLog;

/**
 * What {@link Application} builds once and all {@link HttpVerticle}s share (all thread-safe).
 * Everything holding a web client or a cache tied to one event loop (auth provider, directory
 * client, services) is built per verticle. Its own file, so that the verticle depends on what it is
 * given and not on the class that deploys it.
 */
public record SharedServices(AppConfig config, Pool pool, OpenAPIContract contract, MasterKey masterKey, KeyVault keyVault,
                             SharingLog sharingLog, CareModel careModel, URI publicUrl, RateLimiter messageLimiter,
                             AtomicInteger openWebSockets, AccessLog accessLog, RateLimiter requestLimiter,
                             Readiness readiness, SocketQuota socketQuota) {
}
