package dev.botwatch.exporter.collect.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TcpTableTest {
  @Test
  void countsOnlyEstablishedSockets() {
    String table =
        """
          sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
           0: 0100007F:2456 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
           1: 0100007F:2456 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1
           2: 0100007F:C350 0100007F:2456 01 00000000:00000000 00:00000000 00000000     0        0 3 1
           3: 0100007F:C352 0100007F:2456 06 00000000:00000000 03:00000000 00000000     0        0 0 3
        """;
    assertThat(TcpTable.established(table)).isEqualTo(2);
    assertThat(TcpTable.established("  sl  local_address\n")).isZero();
    assertThat(TcpTable.established("")).isZero();
  }
}
