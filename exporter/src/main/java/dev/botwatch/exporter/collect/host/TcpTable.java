package dev.botwatch.exporter.collect.host;

/**
 * Counts established TCP connections in the text of {@code /proc/net/tcp} or {@code tcp6}: one
 * header line, then one socket per line whose 4th column is the state in hex ({@code 01} =
 * ESTABLISHED, {@code 0A} = LISTEN). Established is what "connections" means to an operator; the
 * same figure as node_exporter's {@code node_netstat_Tcp_CurrEstab}.
 */
public final class TcpTable {
  private TcpTable() {}

  public static long established(String procNetTcp) {
    long n = 0;
    boolean header = true;
    for (String line : procNetTcp.split("\n")) {
      if (header) {
        header = false;
        continue;
      }
      String[] cols = line.trim().split("\\s+");
      if (cols.length > 3 && cols[3].equals("01")) {
        n++;
      }
    }
    return n;
  }
}
