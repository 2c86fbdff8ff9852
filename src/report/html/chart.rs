//! The page's charts as inline SVG, drawn here from the numbers (no script, no library, so they
//! show offline, in print and in a PDF): a horizontal bar chart of theme shares. Sizes are in
//! the SVG's own units; the page scales it to its column.

use std::fmt::Write as _;

use super::esc;
use super::text::Num;
use crate::report::trends::Trends;

/// Width of every chart, in SVG units.
const WIDTH: f64 = 760.0;
/// Where the bars start; the labels end just left of it.
const BAR_X: f64 = 300.0;
/// The longest bar (the scale's maximum); shorter with weights, whose values are longer.
const BAR_MAX: f64 = 340.0;
const BAR_MAX_WEIGHTED: f64 = 290.0;
/// Longest label shown, in characters; longer ones are cut, whole in the tooltip.
const LABEL_CHARS: usize = 44;

/// One bar: a theme's share of the question's answers.
pub struct Bar {
    pub label: String,
    /// Share of answers, 0 to 1.
    pub share: f64,
    /// The answers behind the share.
    pub count: usize,
    /// The weighted share beside it, when the run has weights.
    pub weighted: Option<f64>,
    /// CSS class: `named`, `discovered`, `minor` or `bucket`.
    pub class: &'static str,
    /// Where the label links to (the theme's part of the page).
    pub href: Option<String>,
}

/// `label` cut to [`LABEL_CHARS`] characters.
fn short(label: &str) -> String {
    cut(label, LABEL_CHARS)
}

/// `label` cut to `chars` characters, with an ellipsis.
fn cut(label: &str, chars: usize) -> String {
    if label.chars().count() <= chars {
        return label.to_string();
    }
    let cut: String = label.chars().take(chars - 1).collect();
    format!("{}…", cut.trim_end())
}

/// The scale's top: the largest share rounded up to a tenth (at least a tenth), and the step
/// of its grid lines.
fn scale(bars: &[Bar]) -> (f64, f64) {
    let max = bars
        .iter()
        .flat_map(|b| [b.share, b.weighted.unwrap_or(0.0)])
        .fold(0.0_f64, f64::max);
    let top = ((max * 10.0 - 1e-9).ceil() / 10.0).clamp(0.1, 1.0);
    let step = if top > 0.5 { 0.2 } else { 0.1 };
    (top, step)
}

/// A horizontal bar chart of `bars`; with weighted shares, a second, lighter bar under each.
/// `title` is its accessible name; `weighted` names the second bar in its legend.
pub fn bars(bars: &[Bar], num: Num, title: &str, weighted: &str) -> String {
    let has_weights = bars.iter().any(|b| b.weighted.is_some());
    let row = if has_weights { 34.0 } else { 26.0 };
    let top_pad = if has_weights { 26.0 } else { 6.0 };
    let height = top_pad + row * bars.len() as f64 + 24.0;
    let (top, step) = scale(bars);
    let bar_max = if has_weights {
        BAR_MAX_WEIGHTED
    } else {
        BAR_MAX
    };
    let x_of = |share: f64| BAR_X + bar_max * (share / top).min(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart bars\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} \
         {height}\" role=\"img\" aria-label=\"{}\">",
        esc(title)
    );
    if has_weights {
        legend(&mut s, weighted);
    }
    grid(&mut s, num, top, step, top_pad, height - 24.0, &x_of);
    for (i, b) in bars.iter().enumerate() {
        let y = top_pad + row * i as f64;
        bar_row(&mut s, b, num, y, &x_of);
    }
    s.push_str("</svg>");
    s
}

/// The second bar's name, above the chart (the first's colour is the theme's kind).
fn legend(s: &mut String, weighted: &str) {
    let _ = write!(
        s,
        "<rect class=\"bar weighted\" x=\"{BAR_X}\" y=\"6\" width=\"14\" height=\"10\"/><text \
         class=\"legend\" x=\"{}\" y=\"15\">{}</text>",
        BAR_X + 20.0,
        esc(weighted)
    );
}

/// Vertical grid lines with their percentages under the chart.
fn grid(
    s: &mut String,
    num: Num,
    top: f64,
    step: f64,
    y0: f64,
    y1: f64,
    x_of: &dyn Fn(f64) -> f64,
) {
    let steps = (top / step).round() as usize;
    for i in 0..=steps {
        let share = step * i as f64;
        let x = x_of(share);
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{x:.1}\" y1=\"{y0}\" x2=\"{x:.1}\" y2=\"{y1}\"/><text \
             class=\"tick\" x=\"{x:.1}\" y=\"{}\">{}</text>",
            y1 + 16.0,
            esc(&num.pct_whole(share))
        );
    }
}

/// One theme's label, bar(s) and value.
fn bar_row(s: &mut String, b: &Bar, num: Num, y: f64, x_of: &dyn Fn(f64) -> f64) {
    let label = short(&b.label);
    let text_y = y + 15.0;
    s.push_str("<g>");
    let _ = write!(s, "<title>{}</title>", esc(&b.label));
    let label_el = format!(
        "<text class=\"label\" x=\"{}\" y=\"{text_y}\">{}</text>",
        BAR_X - 8.0,
        esc(&label)
    );
    match &b.href {
        Some(href) => {
            let _ = write!(s, "<a href=\"{}\">{label_el}</a>", esc(href));
        }
        None => s.push_str(&label_el),
    }
    let end = x_of(b.share);
    let _ = write!(
        s,
        "<rect class=\"bar {}\" x=\"{BAR_X}\" y=\"{}\" width=\"{:.1}\" height=\"16\"/>",
        b.class,
        y + 3.0,
        (end - BAR_X).max(1.0)
    );
    let mut value = format!("{} ({})", num.pct(b.share), num.int(b.count));
    let mut value_end = end;
    if let Some(w) = b.weighted {
        let wend = x_of(w);
        let _ = write!(
            s,
            "<rect class=\"bar weighted\" x=\"{BAR_X}\" y=\"{}\" width=\"{:.1}\" height=\"9\"/>",
            y + 20.0,
            (wend - BAR_X).max(1.0)
        );
        value = format!("{value} · {}", num.pct(w));
        value_end = value_end.max(wend);
    }
    let _ = write!(
        s,
        "<text class=\"value\" x=\"{:.1}\" y=\"{text_y}\">{}</text></g>",
        value_end + 6.0,
        esc(&value)
    );
}

/// Where the line chart's plot starts and ends; its legend is right of it.
const PLOT_X0: f64 = 64.0;
const PLOT_X1: f64 = 520.0;
const PLOT_Y0: f64 = 14.0;
const PLOT_Y1: f64 = 214.0;
/// Longest legend label, in characters.
const LEGEND_CHARS: usize = 30;

/// A line chart of theme shares per period: `shown` are the themes (index into each period's
/// themes, and the label), each drawn in the colour of the same place in `colours`; `axis`
/// names the vertical axis.
pub fn lines(
    tr: &Trends,
    shown: &[(usize, String)],
    num: Num,
    colours: &[&str],
    axis: &str,
) -> String {
    let height = PLOT_Y1 + 40.0;
    let max = tr
        .periods
        .iter()
        .flat_map(|p| shown.iter().map(|&(k, _)| p.themes[k].share))
        .fold(0.0_f64, f64::max);
    let top = ((max * 10.0 - 1e-9).ceil() / 10.0).clamp(0.1, 1.0);
    let step = if top > 0.5 { 0.2 } else { 0.1 };
    let n = tr.periods.len();
    let x_of = |i: usize| {
        if n < 2 {
            (PLOT_X0 + PLOT_X1) / 2.0
        } else {
            PLOT_X0 + 12.0 + (PLOT_X1 - PLOT_X0 - 24.0) * i as f64 / (n - 1) as f64
        }
    };
    let y_of = |share: f64| PLOT_Y1 - (PLOT_Y1 - PLOT_Y0) * (share / top).min(1.0);
    let title = shown
        .iter()
        .map(|(_, l)| l.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg class=\"chart lines\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} \
         {height}\" role=\"img\" aria-label=\"{}\">",
        esc(&title)
    );
    let _ = write!(
        s,
        "<text class=\"legend\" text-anchor=\"middle\" transform=\"translate(14 {}) \
         rotate(-90)\">{}</text>",
        (PLOT_Y0 + PLOT_Y1) / 2.0,
        esc(axis)
    );
    let steps = (top / step).round() as usize;
    for i in 0..=steps {
        let share = step * i as f64;
        let y = y_of(share);
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{PLOT_X0}\" y1=\"{y:.1}\" x2=\"{PLOT_X1}\" \
             y2=\"{y:.1}\"/><text class=\"ytick\" x=\"{}\" y=\"{:.1}\">{}</text>",
            PLOT_X0 - 6.0,
            y + 4.0,
            esc(&num.pct_whole(share))
        );
    }
    let _ = write!(
        s,
        "<line class=\"axis\" x1=\"{PLOT_X0}\" y1=\"{PLOT_Y1}\" x2=\"{PLOT_X1}\" y2=\"{PLOT_Y1}\"/>"
    );
    // At most about ten period labels; always the first and the last.
    let every = n.div_ceil(10).max(1);
    for (i, p) in tr.periods.iter().enumerate() {
        if i % every == 0 || i + 1 == n {
            let _ = write!(
                s,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{}\">{}</text>",
                x_of(i),
                PLOT_Y1 + 18.0,
                esc(&p.period)
            );
        }
    }
    for (j, (k, label)) in shown.iter().enumerate() {
        let colour = colours[j % colours.len()];
        let points: Vec<String> = tr
            .periods
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{:.1},{:.1}", x_of(i), y_of(p.themes[*k].share)))
            .collect();
        let _ = write!(
            s,
            "<g><title>{}</title><polyline class=\"line\" stroke=\"{colour}\" points=\"{}\"/>",
            esc(label),
            points.join(" ")
        );
        for (i, p) in tr.periods.iter().enumerate() {
            let share = p.themes[*k].share;
            let _ = write!(
                s,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{colour}\"><title>{}, {}: \
                 {}</title></circle>",
                x_of(i),
                y_of(share),
                esc(label),
                esc(&p.period),
                esc(&num.pct(share))
            );
        }
        let y = PLOT_Y0 + 6.0 + 22.0 * j as f64;
        let _ = write!(
            s,
            "<line class=\"line\" stroke=\"{colour}\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" \
             y2=\"{y}\"/><text class=\"legend\" x=\"{}\" y=\"{}\">{}</text></g>",
            PLOT_X1 + 20.0,
            PLOT_X1 + 40.0,
            PLOT_X1 + 46.0,
            y + 4.0,
            esc(&cut(label, LEGEND_CHARS))
        );
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Lang;

    fn bar(label: &str, share: f64) -> Bar {
        Bar {
            label: label.into(),
            share,
            count: 3,
            weighted: None,
            class: "named",
            href: Some("#q1-t1".into()),
        }
    }

    #[test]
    fn bars_scale_to_the_largest_share_and_escape_labels() {
        let svg = bars(
            &[bar("<b>x</b>", 0.25), bar(&"pitkä ".repeat(20), 0.1)],
            Num(Lang::Fi),
            "Osuudet",
            "",
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("&lt;b&gt;x&lt;/b&gt;") && !svg.contains("<b>"));
        // 0.25 is drawn against a scale of 0 to 30 %.
        let width = BAR_MAX * 0.25 / 0.3;
        assert!(svg.contains(&format!("width=\"{width:.1}\"")), "{svg}");
        assert!(svg.contains("30\u{a0}%") && svg.contains("…"));
        assert_eq!(scale(&[bar("a", 0.71)]), (0.8, 0.2));
        assert_eq!(scale(&[bar("a", 0.0)]), (0.1, 0.1));
    }
}
