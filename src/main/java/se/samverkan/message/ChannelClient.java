package se.samverkan.message;

import io.vertx.core.Future;

/**
 * What the gateway's parts (the login, the subscriptions, the fan-out) may do with one client's
 * socket. The connection implements it; the parts know only this, so that none of them calls back
 * into the connection's own code.
 */
interface ChannelClient {

  /** Queues a frame for the client (nothing once the socket is closing). */
  void send(String frame);

  void send(Delivery delivery);

  /** Asks for the close, once. */
  void close(short code, String reason);

  /** Closed by the peer or by us. */
  boolean closed();

  /** What waits for this client (queued or held back for order) grew: closes a client too slow for the bounds. */
  void checkBacklog();

  /** Bytes handed to the connection that the socket has not taken yet. */
  long queuedBytes();

  /** Completes when everything queued has been handed to the socket and it can take more. */
  Future<Void> whenWritable();
}
