package io.tunnelwatch.cli.report;

/** The report's inline style sheet (no external font or image: the file must open offline). */
final class ReportStyle {
    private ReportStyle() {}

    static final String CSS = """
            :root{--fg:#1f2937;--muted:#6b7280;--line:#e5e7eb;--bad:#dc2626;--ok:#16a34a;--bg:#f8fafc}
            *{box-sizing:border-box}
            body{margin:0;padding:24px 32px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:var(--bg)}
            header h1{margin:0 0 4px;font-size:24px}
            .sub{margin:2px 0;color:var(--muted);overflow-wrap:anywhere}
            section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:18px 0}
            h2{margin:0 0 10px;font-size:18px}
            h3{margin:16px 0 6px;font-size:15px}
            .cards{display:flex;flex-wrap:wrap;gap:10px}
            .card{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:110px;background:#fff}
            .card .value{font-size:22px;font-weight:600}
            .card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
            .card.bad .value{color:var(--bad)} .card.ok .value{color:var(--ok)}
            table.grid{border-collapse:collapse;width:100%;font-size:13px}
            table.grid th,table.grid td{border-bottom:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
            table.grid th{background:#f1f5f9;font-weight:600}
            .num{text-align:right!important}
            .nowrap{white-space:nowrap}
            .mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,monospace;font-size:12px}
            .failed,.established,.closed,.reason{display:inline-block;padding:0 6px;border-radius:4px;font-weight:600;font-size:12px}
            .failed,.reason{background:#fee2e2;color:#991b1b} .established{background:#dcfce7;color:#166534} .closed{background:#e5e7eb;color:#374151}
            h2 .failed,h2 .established{font-size:13px;vertical-align:middle}
            .idx{color:var(--muted);font-weight:400} .arrow{color:var(--muted)}
            ol.verdicts{margin:0 0 10px;padding-left:20px} ol.verdicts li{margin:2px 0}
            .when{color:var(--muted);font-size:12px}
            svg.timeline{display:block;width:100%;height:auto;font-family:system-ui,"DejaVu Sans",sans-serif}
            .lane0{fill:#f8fafc} .lane1{fill:#f1f5f9}
            .lanelabel{font-size:12px;font-weight:600;fill:#334155} .lanecount{font-size:10px;fill:#64748b}
            .grid{stroke:#e2e8f0;stroke-width:1} .tick{font-size:10px;fill:#64748b;text-anchor:middle}
            .window{fill:#fde68a;fill-opacity:.55;stroke:#f59e0b;stroke-width:1}
            .m0{fill:#2563eb} .m1{fill:#7c3aed} .m2{fill:#c026d3} .m3{fill:#059669} .m4{fill:#0891b2}
            g.verdict line{stroke-width:1.5;stroke-dasharray:4 3}
            g.failed line{stroke:var(--bad)} g.failed circle{fill:var(--bad)}
            g.established line{stroke:var(--ok)} g.established circle{fill:var(--ok)}
            g.closed line{stroke:#6b7280}
            g.verdict{background:none;padding:0}
            text.x{fill:#fff;font-size:10px;font-weight:700;text-anchor:middle}
            .vlabel{font-size:11px;font-weight:600}
            g.failed .vlabel{fill:var(--bad)} g.established .vlabel{fill:var(--ok)} g.closed .vlabel{fill:#4b5563}
            details.packets{margin-top:8px} details.packets summary{cursor:pointer;color:#334155;font-weight:600}
            tr.more td{text-align:center;color:var(--muted);font-style:italic}
            .note{color:var(--muted);font-size:12px}
            footer{color:var(--muted);font-size:12px;margin-top:12px}
            """;
}
