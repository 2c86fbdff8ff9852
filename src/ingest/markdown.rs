//! Markdown structure that is no answer: front matter (`---` … `---` at the top), tables
//! (`| … |` lines and their `|---|` separators), horizontal rules and code fences with their
//! content. List markers are cut from an item, and an item's continuation lines (indented,
//! or text that is no new item) belong to it.

/// Where a Markdown file is, line by line.
#[derive(Debug, Default)]
pub struct Structure {
    lines: usize,
    /// Inside front matter that opened on the first line.
    front: bool,
    /// Inside a code fence: the fence's marker (```` ``` ```` or `~~~`).
    fence: Option<&'static str>,
}

impl Structure {
    /// Whether the (trimmed) line `t` is structure, not text.
    pub fn skip(&mut self, t: &str) -> bool {
        self.lines += 1;
        if self.lines == 1 && t == "---" {
            self.front = true;
            return true;
        }
        if self.front {
            if t == "---" || t == "..." {
                self.front = false;
            }
            return true;
        }
        if let Some(marker) = self.fence {
            if t.starts_with(marker) {
                self.fence = None;
            }
            return true;
        }
        for marker in ["```", "~~~"] {
            if t.starts_with(marker) {
                self.fence = Some(marker);
                return true;
            }
        }
        is_table_line(t) || is_rule(t)
    }
}

/// `| a | b |` or `|---|:--|`.
fn is_table_line(t: &str) -> bool {
    t.starts_with('|') && t.len() > 1
}

/// `---`, `***`, `___`, `- - -`: three or more of one of them, spaces aside.
fn is_rule(t: &str) -> bool {
    let chars: Vec<char> = t.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3 && ['-', '*', '_'].iter().any(|m| chars.iter().all(|c| c == m))
}

/// The text of a list item (`- `, `* `, `+ `, `1. `, `1) `), without its marker.
pub fn item(t: &str) -> Option<&str> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = t.strip_prefix(marker) {
            return Some(rest.trim());
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    let rest = &t[digits..];
    (digits > 0 && digits <= 3)
        .then(|| rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")))
        .flatten()
        .map(str::trim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_lines() {
        let mut s = Structure::default();
        let lines = [
            "---",
            "title: x",
            "---",
            "Vastaus",
            "| a | b |",
            "|---|---|",
            "***",
        ];
        let skipped: Vec<bool> = lines.iter().map(|l| s.skip(l)).collect();
        assert_eq!(skipped, [true, true, true, false, true, true, true]);
        assert_eq!(item("1. Kiire"), Some("Kiire"));
        assert_eq!(item("2025 oli hyvä"), None);
    }
}
