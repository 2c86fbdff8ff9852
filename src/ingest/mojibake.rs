//! Answers that look double-encoded.

/// Counts answers that look double-encoded: UTF-8 read as Windows-1252 and saved again, so
/// that "ä" shows as "Ã¤".
#[derive(Default)]
pub(super) struct MojibakeCount {
    answers: usize,
    first_row: Option<usize>,
}

/// What Finnish text looks like after one encoding round too many.
const MOJIBAKE: &[&str] = &[
    "Ã¤", "Ã¶", "Ã¥", "Ã„", "Ã–", "Ã…", "Ã©", "â‚¬", "â€™", "â€", "Ã\u{a0}",
];

impl MojibakeCount {
    pub(super) fn check(&mut self, text: &str, row: usize) {
        if (text.contains('Ã') || text.contains('â')) && MOJIBAKE.iter().any(|m| text.contains(m))
        {
            self.answers += 1;
            self.first_row.get_or_insert(row);
        }
    }

    pub(super) fn warning(&self) -> Option<String> {
        let row = self.first_row?;
        Some(format!(
            "{} answer(s) look double-encoded (\"Ã¤\" where \"ä\" was meant; first at row {row}): \
             the text was read as Windows-1252 and saved as UTF-8 on the way; export it again \
             as UTF-8 from the survey tool",
            self.answers
        ))
    }
}
