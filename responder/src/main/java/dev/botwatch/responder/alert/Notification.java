package dev.botwatch.responder.alert;

import java.util.List;
import java.util.Map;

/**
 * An Alertmanager webhook v4 notification ({@code "version": "4"}). Only what the responder uses is
 * kept; unknown fields (routeLabels, notification_reason, ...) are ignored.
 */
public record Notification(
    String groupKey,
    boolean firing,
    String receiver,
    int truncatedAlerts,
    Map<String, String> groupLabels,
    List<Alert> alerts) {
  public Notification {
    groupLabels = Map.copyOf(groupLabels);
    alerts = List.copyOf(alerts);
  }
}
