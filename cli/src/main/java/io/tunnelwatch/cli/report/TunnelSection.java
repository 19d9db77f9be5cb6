package io.tunnelwatch.cli.report;

import io.tunnelwatch.cli.Verdicts;
import java.util.List;
import java.util.Locale;

/** One tunnel's part of the report: its verdicts, its timeline (SVG) and its packet list. */
final class TunnelSection {
    private static final int WIDTH = 1160;
    private static final int LABEL_WIDTH = 170;
    private static final int PLOT_LEFT = LABEL_WIDTH + 10;
    private static final int PLOT_RIGHT = WIDTH - 20;
    private static final int TOP = 34;
    private static final int LANE_HEIGHT = 30;
    private static final double[] TICK_STEPS_SECONDS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10,
            15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400};
    private static final int MAX_TICKS = 10;

    private TunnelSection() {}

    static void append(StringBuilder html, int index, Verdicts.Row row, List<Verdict> history, TunnelPackets packets) {
        boolean failed = row.outcome().equals("FAILED");
        html.append("<section class=\"tunnel\" id=\"tunnel-").append(index).append("\"><h2><span class=\"idx\">#").append(index)
                .append("</span> ").append(Html.text(row.client())).append(" <span class=\"arrow\">\u2192</span> ")
                .append(Html.text(row.gateway())).append(" <span class=\"").append(failed ? "failed" : "established").append("\">")
                .append(Html.text(failed ? "FAILED \u00b7 " + row.reason() : row.outcome())).append("</span></h2>\n");
        html.append("<ol class=\"verdicts\">");
        for (Verdict verdict : history) {
            String css = switch (verdict.kind()) {
                case ALERT -> "failed";
                case ESTABLISHED -> "established";
                case CLOSED -> "closed";
            };
            String title = switch (verdict.kind()) {
                case ALERT -> verdict.reason();
                case ESTABLISHED -> "ESTABLISHED";
                case CLOSED -> "CLOSED";
            };
            html.append("<li><span class=\"").append(css).append("\">").append(Html.text(title)).append("</span> <span class=\"when\">")
                    .append(Html.text(Verdicts.isoTime(verdict.atMicros()))).append("</span>");
            if (!verdict.attempt().isEmpty() && verdict.kind() != Verdict.Kind.CLOSED) {
                html.append(" <span class=\"when\">attempt ").append(Html.text(verdict.attempt())).append("</span>");
            }
            html.append(" \u2014 ").append(Html.text(verdict.sentence())).append("</li>");
        }
        html.append("</ol>\n");
        timeline(html, history, packets);
        packetList(html, packets);
        html.append("</section>\n");
    }

    private static void timeline(StringBuilder html, List<Verdict> history, TunnelPackets packets) {
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (Verdict verdict : history) {
            from = Math.min(from, Math.min(verdict.startMicros(), verdict.atMicros()));
            to = Math.max(to, verdict.atMicros());
        }
        if (packets != null) {
            for (Lane lane : Lane.values()) {
                LaneTrace trace = packets.lane(lane);
                if (!trace.isEmpty()) {
                    from = Math.min(from, trace.firstMicros());
                    to = Math.max(to, trace.lastMicros());
                }
            }
        }
        if (from == Long.MAX_VALUE) {
            return;
        }
        Scale scale = new Scale(from, Math.max(to, from + 1_000_000L));
        int height = TOP + Lane.values().length * LANE_HEIGHT + 26;
        html.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"").append(WIDTH)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(height)
                .append("\"><title>").append(Html.text("Timeline from " + Verdicts.isoTime(from))).append("</title>");
        lanes(html, packets, scale);
        axis(html, scale, height);
        for (Verdict verdict : history) {
            windows(html, verdict, scale);
        }
        if (packets != null) {
            for (Lane lane : Lane.values()) {
                marks(html, lane, packets.lane(lane), scale);
            }
        }
        int labelRow = 0;
        for (Verdict verdict : history) {
            verdictMarker(html, verdict, scale, labelRow++ % 2);
        }
        html.append("</svg>\n");
    }

    private static void lanes(StringBuilder html, TunnelPackets packets, Scale scale) {
        for (Lane lane : Lane.values()) {
            int y = laneTop(lane);
            html.append("<rect class=\"lane").append(lane.ordinal() % 2).append("\" x=\"0\" y=\"").append(y).append("\" width=\"")
                    .append(WIDTH).append("\" height=\"").append(LANE_HEIGHT).append("\"/>");
            String count = packets == null || packets.lane(lane).isEmpty() ? "none seen"
                    : String.format(Locale.ROOT, "%,d pkt", packets.lane(lane).packets());
            html.append("<text class=\"lanelabel\" x=\"8\" y=\"").append(y + 13).append("\">").append(Html.text(lane.title()))
                    .append("<title>").append(Html.text(lane.meaning())).append("</title></text>")
                    .append("<text class=\"lanecount\" x=\"8\" y=\"").append(y + 25).append("\">").append(Html.text(count)).append("</text>");
        }
    }

    private static void axis(StringBuilder html, Scale scale, int height) {
        double spanSeconds = (scale.to() - scale.from()) / 1e6;
        double step = TICK_STEPS_SECONDS[TICK_STEPS_SECONDS.length - 1];
        for (double candidate : TICK_STEPS_SECONDS) {
            if (spanSeconds / candidate <= MAX_TICKS) {
                step = candidate;
                break;
            }
        }
        int bottom = TOP + Lane.values().length * LANE_HEIGHT;
        for (int i = 0; i * step <= spanSeconds + 1e-9; i++) {
            double x = scale.x(scale.from() + Math.round(i * step * 1e6));
            html.append("<line class=\"grid\" x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP).append("\" x2=\"").append(fmt(x))
                    .append("\" y2=\"").append(bottom).append("\"/>")
                    .append("<text class=\"tick\" x=\"").append(fmt(x)).append("\" y=\"").append(height - 8).append("\">+")
                    .append(trimZeros(i * step)).append(" s</text>");
        }
    }

    /** The stage windows of an alert: from the attempt's first to its last packet of that stage. */
    private static void windows(StringBuilder html, Verdict verdict, Scale scale) {
        for (var window : verdict.windows().entrySet()) {
            double x1 = scale.x(window.getValue()[0]);
            double x2 = Math.max(x1 + 3, scale.x(window.getValue()[1]));
            // A stage's window covers its lanes together: IKE both phases, ESP both directions.
            int lanes = window.getKey() == Lane.TLS ? 1 : 2;
            html.append("<rect class=\"window\" x=\"").append(fmt(x1)).append("\" y=\"").append(laneTop(window.getKey()) + 3)
                    .append("\" width=\"").append(fmt(x2 - x1)).append("\" height=\"").append(lanes * LANE_HEIGHT - 6).append("\"><title>")
                    .append(Html.text("attempt " + verdict.attempt() + " " + window.getKey().title() + ": "
                            + Verdicts.isoTime(window.getValue()[0]) + " to " + Verdicts.isoTime(window.getValue()[1])))
                    .append("</title></rect>");
        }
    }

    /** Packets as ticks: the client's in the upper half of a lane, the gateway's in the lower; aggregates as bars. */
    private static void marks(StringBuilder html, Lane lane, LaneTrace trace, Scale scale) {
        int top = laneTop(lane);
        String css = "mark m" + lane.ordinal();
        for (LaneTrace.Mark mark : trace.marks()) {
            double x1 = scale.x(mark.startMicros());
            double x2 = Math.max(x1 + 2, scale.x(mark.endMicros()));
            int y = mark.fromClient() ? top + 5 : top + LANE_HEIGHT / 2;
            html.append("<rect class=\"").append(css).append("\" x=\"").append(fmt(x1 - 1)).append("\" y=\"").append(y)
                    .append("\" width=\"").append(fmt(x2 - x1)).append("\" height=\"").append(LANE_HEIGHT / 2 - 5).append("\"/>");
        }
        if (trace.omittedMarks() > 0) {
            html.append("<text class=\"lanecount\" x=\"").append(PLOT_RIGHT).append("\" y=\"").append(top + 25)
                    .append("\" text-anchor=\"end\">").append(Html.text("+" + trace.omittedMarks() + " not drawn")).append("</text>");
        }
    }

    private static void verdictMarker(StringBuilder html, Verdict verdict, Scale scale, int labelRow) {
        double x = scale.x(verdict.atMicros());
        int bottom = TOP + Lane.values().length * LANE_HEIGHT;
        String css = switch (verdict.kind()) {
            case ALERT -> "failed";
            case ESTABLISHED -> "established";
            case CLOSED -> "closed";
        };
        String label = switch (verdict.kind()) {
            case ALERT -> "\u2715 " + verdict.reason() + " (attempt " + verdict.attempt() + ")";
            case ESTABLISHED -> "\u2713 established";
            case CLOSED -> "closed";
        };
        String title = Verdicts.isoTime(verdict.atMicros()) + ": " + verdict.sentence();
        html.append("<g class=\"verdict ").append(css).append("\"><title>").append(Html.text(title)).append("</title>")
                .append("<line x1=\"").append(fmt(x)).append("\" y1=\"").append(TOP - 4).append("\" x2=\"").append(fmt(x))
                .append("\" y2=\"").append(bottom).append("\"/>");
        if (verdict.kind() == Verdict.Kind.ALERT) {
            int y = laneTop(verdict.stopLane()) + LANE_HEIGHT / 2;
            html.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(y).append("\" r=\"8\"/>")
                    .append("<text class=\"x\" x=\"").append(fmt(x)).append("\" y=\"").append(y + 4).append("\">\u2715</text>");
        } else if (verdict.kind() == Verdict.Kind.ESTABLISHED) {
            for (Lane lane : List.of(Lane.ESP_TO_GATEWAY, Lane.ESP_TO_CLIENT)) {
                html.append("<circle cx=\"").append(fmt(x)).append("\" cy=\"").append(laneTop(lane) + LANE_HEIGHT / 2).append("\" r=\"6\"/>");
            }
        }
        boolean nearRight = x > PLOT_RIGHT - 200;
        html.append("<text class=\"vlabel\" x=\"").append(fmt(nearRight ? x - 4 : x + 4)).append("\" y=\"")
                .append(labelRow == 0 ? TOP - 20 : TOP - 7).append("\"").append(nearRight ? " text-anchor=\"end\"" : "").append(">")
                .append(Html.text(label)).append("</text></g>");
    }

    private static void packetList(StringBuilder html, TunnelPackets packets) {
        if (packets == null) {
            return;
        }
        html.append("<details class=\"packets\" open=\"open\"><summary>Packets: ")
                .append(String.format(Locale.ROOT, "%,d summaries for %,d packets", packets.rows(), packets.packets()))
                .append("</summary><table class=\"grid packets\"><thead><tr><th>time</th><th class=\"num\">+s</th><th>direction</th>")
                .append("<th>kind</th><th>lane</th><th>detail</th><th class=\"num\">packets</th></tr></thead><tbody>");
        long origin = packets.firstRows().isEmpty() ? 0 : packets.firstRows().get(0).tsMicros();
        for (PacketRow row : packets.firstRows()) {
            packetRow(html, row, origin);
        }
        if (packets.omittedRows() > 0) {
            html.append("<tr class=\"more\"><td colspan=\"7\">\u2026 ").append(String.format(Locale.ROOT, "%,d", packets.omittedRows()))
                    .append(" more \u2026</td></tr>");
        }
        for (PacketRow row : packets.lastRows()) {
            packetRow(html, row, origin);
        }
        if (packets.rows() == 0) {
            html.append("<tr><td colspan=\"7\">no packet summary of this tunnel was read back</td></tr>");
        }
        html.append("</tbody></table></details>\n");
    }

    private static void packetRow(StringBuilder html, PacketRow row, long origin) {
        html.append("<tr><td class=\"mono nowrap\">").append(Html.text(Verdicts.isoTime(row.tsMicros()))).append("</td><td class=\"num mono\">")
                .append(String.format(Locale.ROOT, "%.3f", (row.tsMicros() - origin) / 1e6)).append("</td><td class=\"nowrap\">")
                .append(row.fromClient() ? "client \u2192 gw" : "gw \u2192 client").append("</td><td class=\"nowrap\">").append(Html.text(row.kind()))
                .append("</td><td class=\"nowrap\">").append(Html.text(row.lane().title())).append("</td><td class=\"mono\">").append(Html.text(row.detail()))
                .append("</td><td class=\"num\">").append(row.packets()).append("</td></tr>");
    }

    private static int laneTop(Lane lane) {
        return TOP + lane.ordinal() * LANE_HEIGHT;
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String trimZeros(double seconds) {
        String text = String.format(Locale.ROOT, "%.3f", seconds);
        return text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Capture time to x: the tunnel's span fills the plot. */
    private record Scale(long from, long to) {
        double x(long micros) {
            return PLOT_LEFT + (double) (micros - from) / (to - from) * (PLOT_RIGHT - PLOT_LEFT);
        }
    }
}
