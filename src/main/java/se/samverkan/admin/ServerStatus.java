package se.samverkan.admin;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** The node's figures at one moment: heap now, heap after each pool's last collection, its bound, open sockets. */
record ServerStatus(long heapUsedBytes, long heapUsedAfterLastGcBytes, long heapMaxBytes, int webSocketConnections) {

  static ServerStatus now(int webSocketConnections) {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long afterLastGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        afterLastGc += pool.getCollectionUsage().getUsed();
      }
    }
    return new ServerStatus(memory.getHeapMemoryUsage().getUsed(), afterLastGc, memory.getHeapMemoryUsage().getMax(),
        webSocketConnections);
  }
}
