package dev.botwatch.rules;

/**
 * The ServiceMonitors that scrape botwatch in Kubernetes. The prometheus-operator names the job
 * after the Service, so the Services are called {@code botwatch-exporter} and {@code
 * botwatch-responder}: the job names BotwatchExporterDown and BotwatchResponderDown select on. The
 * exporter's series get {@code host} = the node it runs on, as file_sd gives it outside Kubernetes.
 */
final class KubeMonitors {
  private KubeMonitors() {}

  static String render() {
    return KubeFiles.header("KubeMonitors (the job names the rules select on)")
        + monitor(
            "botwatch-exporter",
            "      relabelings:\n"
                + "        # host: the node the exporter runs on (file_sd's host label elsewhere).\n"
                + "        - sourceLabels: [__meta_kubernetes_pod_node_name]\n"
                + "          targetLabel: host\n")
        + "---\n"
        + monitor(
            "botwatch-responder",
            "      # No host: the responder's series are keyed by bot alone, whichever replica.\n");
  }

  private static String monitor(String service, String endpointExtra) {
    return """
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata:
          name: %1$s
          labels:
            %2$s
        spec:
          # job="%1$s": the operator names the job after the Service.
          selector:
            matchLabels:
              app.kubernetes.io/name: %1$s
          endpoints:
            - port: http
              path: /metrics
              interval: 15s
        """
            .formatted(service, KubeFiles.PART_OF)
        + endpointExtra;
  }
}
