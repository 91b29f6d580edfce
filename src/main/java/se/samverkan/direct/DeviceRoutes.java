package se.samverkan.direct;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.ext.web.RoutingContext;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;

/**
 * HTTP for devices: one's own (register, list, remove, history for a new one) and those of the
 * people one shares a child with (list, verification marks). Bodies are parsed into
 * {@link DirectRequest}s; answers are rendered by {@link DirectJson}.
 */
public final class DeviceRoutes {

  private final DeviceService devices;

  public DeviceRoutes(DeviceService devices) {
    this.devices = devices;
  }

  public void bind(OpenApiBinder api) {
    api.created("registerDevice", ctx -> devices.register(principal(ctx), DirectRequest.NewDevice.from(Requests.body(ctx)))
            .map(DirectJson::myDevice))
        .json("listMyDevices", ctx -> devices.mine(principal(ctx)).map(DirectJson::myDevices))
        .noContent("removeDevice", ctx -> devices.remove(principal(ctx), Requests.uuid(ctx, "deviceId")))
        .noContent("uploadDeviceHistory", ctx -> devices.addHistory(principal(ctx), Requests.uuid(ctx, "deviceId"),
            DirectRequest.History.from(Requests.body(ctx))))
        .json("listUserDevices", ctx -> devices.ofUser(principal(ctx), username(ctx))
            .map(found -> DirectJson.userDevices(found.devices(), found.verified())))
        .noContent("verifyDevice", ctx -> devices.setVerified(principal(ctx), username(ctx), Requests.uuid(ctx, "deviceId"), true))
        .noContent("unverifyDevice", ctx -> devices.setVerified(principal(ctx), username(ctx), Requests.uuid(ctx, "deviceId"),
            false));
  }

  private static String username(RoutingContext ctx) {
    return ctx.pathParam("username");
  }
}
