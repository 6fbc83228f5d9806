package dev.onekycbridge.app.soak;

import java.util.Map;
import java.util.TreeMap;

/** Reads counters out of the service's Prometheus text ({@code GET /metrics}). */
final class MetricsText {
    private static final String PREFIX = "onekyc_bridge_";

    private MetricsText() {
    }

    /** The sum of every series of {@code name} whose labels contain {@code labelFilter} (null: all). */
    static long sum(String scrape, String name, String labelFilter) {
        long total = 0;
        for (String line : scrape.split("\n")) {
            if (isSeries(line, name) && (labelFilter == null || line.contains(labelFilter))) {
                total += value(line);
            }
        }
        return total;
    }

    /** The series of {@code name} summed by the value of one label. */
    static Map<String, Long> byLabel(String scrape, String name, String label) {
        Map<String, Long> totals = new TreeMap<>();
        String marker = label + "=\"";
        for (String line : scrape.split("\n")) {
            int at = line.indexOf(marker);
            if (isSeries(line, name) && at >= 0) {
                int from = at + marker.length();
                totals.merge(line.substring(from, line.indexOf('"', from)), value(line), Long::sum);
            }
        }
        return totals;
    }

    private static boolean isSeries(String line, String name) {
        String full = PREFIX + name;
        return line.startsWith(full) && line.length() > full.length()
                && (line.charAt(full.length()) == '{' || line.charAt(full.length()) == ' ');
    }

    private static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
