/** The page's styles, inlined. Light, high-contrast and large enough to read on a projector. */
export const PAGE_CSS = `
:root { --ink: #1d2430; --muted: #5d6673; --line: #d5dae1; --bg: #fbfaf7; --card: #ffffff; --red: #d0342c; --green: #2f9e44; --amber: #e8a317; --blue: #3b5b8c; --purple: #8a4fd0; --teal: #0b7a75; --violation: #e6007e; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--ink); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1320px; margin: 0 auto; padding: 24px 28px 60px; }
h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
h2 { font-size: 20px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 17px; margin: 22px 0 8px; }
a { color: var(--blue); }
.sub { color: var(--muted); margin: 0 0 14px; }
.badge { display: inline-block; padding: 4px 14px; border-radius: 999px; font-weight: 700; font-size: 18px; color: #fff; }
.badge.pass { background: var(--green); }
.badge.fail { background: var(--red); }
.headline { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; margin: 10px 0; }
.headline .what { font-size: 18px; }
table { border-collapse: collapse; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
th, td { text-align: left; padding: 7px 12px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f1f3f6; font-weight: 600; font-size: 14px; }
td.mark { font-size: 18px; font-weight: 700; }
td.ok, .ok-text { color: var(--green); }
td.bad, .bad-text { color: var(--red); }
td.warn { color: #a86b00; }
tr.failed td { background: #fff4f3; }
.kind { color: var(--muted); font-size: 14px; }
.toolbar { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 8px 0; font-size: 14px; }
.toolbar input { width: 90px; padding: 4px 6px; font: inherit; border: 1px solid var(--line); border-radius: 4px; }
.toolbar button, button.copy { font: inherit; padding: 4px 12px; border: 1px solid var(--line); background: var(--card); border-radius: 4px; cursor: pointer; }
.toolbar button:hover, button.copy:hover { background: #eef1f5; }
.range-status { color: var(--muted); margin-left: 8px; }
.figure { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
svg.diagram { width: 100%; height: auto; display: block; cursor: grab; user-select: none; }
svg.overview { width: 100%; height: auto; display: block; cursor: crosshair; user-select: none; margin-top: 4px; }
/* Never drawn narrower than its 1200 units: on a narrow screen it scrolls sideways, its text stays full size. */
.figure { overflow-x: auto; }
svg.diagram, svg.overview { min-width: 1200px; }
/* ?present: for a projector. */
.present body { font-size: 21px; }
.present main { max-width: none; }
.present h1 { font-size: 36px; }
.present h2 { font-size: 27px; }
.present .toolbar, .present .legend, .present figcaption { font-size: 19px; }
.present .axis text { font-size: 17px; }
.present .lane-name { font-size: 20px; }
.present .fault text, .present .band.pause text, .present .band.crash text, .present .note text { font-size: 16px; }
.present .violation-line text, .present .violation-label { font-size: 18px; }
.present .u-legend { font-size: 16px; }
svg text { font-family: inherit; }
.axis text { font-size: 12px; fill: var(--muted); }
.grid { stroke: #eceef2; }
.lane-bg { fill: #f6f7f9; }
.lane { stroke: #9aa3ad; stroke-width: 1.5; }
.lane-name { font-size: 15px; font-weight: 600; fill: var(--ink); }
.lane-name.small { font-size: 12px; font-weight: 400; fill: var(--muted); }
.fault rect { fill: #ffe8cc; stroke: #e8a317; }
.fault text { font-size: 12px; fill: #7a4b00; }
.band.pause text { font-size: 12px; font-weight: 600; fill: #7a4b00; }
.band.crash rect { fill: #5b6270; opacity: 0.35; }
.band.crash text { font-size: 12px; font-weight: 600; fill: #2c3038; }
.clock-step line { stroke: var(--purple); stroke-width: 2; }
.clock-step text { font-size: 11px; fill: var(--purple); }
.narrative line { stroke: #3357c4; stroke-dasharray: 2 4; }
.narrative circle { fill: #3357c4; }
.narrative text { font-size: 11px; font-weight: 700; fill: #fff; }
.msg line { stroke: var(--blue); stroke-width: 1.2; opacity: 0.8; }
.msg.lost line { stroke: var(--red); stroke-dasharray: 4 3; }
.msg .cross { stroke: var(--red); stroke-width: 2.5; }
.msg.inflight line { stroke: #9aa3ad; stroke-dasharray: 2 3; }
.msg line.copy { stroke: var(--purple); stroke-dasharray: 5 3; }
.dup-mark { font-size: 11px; font-weight: 700; fill: var(--purple); }
.op rect { fill: #9aa3ad; }
.op.ok rect { fill: var(--green); }
.op.fail rect { fill: var(--red); }
.op.info rect { fill: var(--amber); }
.op.violating rect { stroke: var(--red); stroke-width: 2.5; }
.flow-band { fill: var(--blue); }
.flow-lost { fill: var(--red); }
.flow-dup { fill: var(--purple); }
.op-strip rect.ok { fill: var(--green); }
.op-strip rect.fail { fill: var(--red); }
.op-strip rect.info { fill: var(--amber); }
.op-strip rect.open { fill: #9aa3ad; }
.effect path { stroke: #fff; stroke-width: 1; }
.effect.violating path { fill: var(--red); stroke: #7a0f0a; stroke-width: 1.5; }
.effect .halo { fill: rgba(208, 52, 44, 0.18); stroke: var(--red); stroke-width: 2; }
.violation-label { font-size: 13px; font-weight: 700; fill: var(--red); paint-order: stroke; stroke: #fff; stroke-width: 4px; }
.violation-line line { stroke: var(--red); stroke-width: 2; stroke-dasharray: 6 4; }
.violation-line text { font-size: 14px; font-weight: 700; fill: var(--red); paint-order: stroke; stroke: #fff; stroke-width: 4px; }
.note circle { fill: var(--teal); }
.note text { font-size: 12px; fill: var(--teal); font-style: italic; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.ov-bg { fill: #f1f3f6; }
.ov-bar { fill: #9fb3d1; }
.ov-fault { fill: var(--amber); opacity: 0.7; }
.ov-violation { stroke: var(--red); stroke-width: 2; }
.ov-brush { fill: rgba(59, 91, 140, 0.12); stroke: var(--blue); stroke-width: 1.5; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; font-size: 13px; color: var(--muted); margin: 8px 4px 0; }
.legend i { display: inline-block; width: 22px; height: 10px; margin-right: 6px; vertical-align: middle; border-radius: 2px; }
.plots { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 14px; }
figure.plot { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px 4px; }
figcaption { font-weight: 600; font-size: 14px; }
figcaption .key { font-weight: 400; color: var(--muted); margin-left: 12px; font-size: 13px; }
figcaption .key::before { content: ""; display: inline-block; width: 14px; height: 3px; background: var(--c); margin-right: 5px; vertical-align: middle; }
.plot-marks { position: absolute; inset: 0; pointer-events: none; overflow: hidden; }
.fault-shade { position: absolute; top: 0; bottom: 0; background: rgba(232, 163, 23, 0.2); border-left: 1px solid rgba(232, 163, 23, 0.7); border-right: 1px solid rgba(232, 163, 23, 0.7); }
.plot-violation { position: absolute; top: 0; bottom: 0; width: 0; border-left: 2px dashed var(--violation); }
figcaption .fault-key::before { height: 10px; background: rgba(232, 163, 23, 0.35); }
figcaption .violation-key::before { width: 0; height: 12px; border-left: 2px dashed var(--violation); }
.u-legend { font-size: 12px; border: 0; background: none; }
.u-legend th, .u-legend td { border: 0; background: none; padding: 1px 4px; font-weight: 400; }
.plot-note { color: var(--muted); font-style: italic; }
ol.story { padding-left: 0; list-style: none; }
ol.story li { margin: 6px 0; display: flex; gap: 12px; }
ol.story .t { min-width: 84px; color: var(--muted); font-variant-numeric: tabular-nums; }
ol.story .n { display: inline-block; min-width: 22px; height: 22px; border-radius: 11px; background: #3357c4; color: #fff; font-size: 12px; font-weight: 700; text-align: center; line-height: 22px; }
ol.story li.narr { font-style: italic; }
.repro { display: flex; align-items: center; gap: 10px; background: #1d2430; color: #e9edf2; padding: 10px 14px; border-radius: 8px; overflow-x: auto; }
.repro code { font: 15px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; white-space: pre; flex: 1; }
.repro button.copy { color: var(--ink); }
.detail { max-width: 70ch; }
section.run-section { margin-top: 28px; padding-top: 8px; border-top: 4px solid var(--line); }
footer { margin-top: 40px; color: var(--muted); font-size: 13px; }
`;
