//! One table of a file: its header found and its columns given roles, then every data row
//! read to exactly one [`RowOutcome`], counted in the table's [`FileReport`].

use std::sync::Arc;

use super::mojibake::MojibakeCount;
use super::{
    columns, field_too_long, header, sample, ColumnInfo, FileReport, FileStatus, Layout, Limits,
    RawRow, Role, RowOutcome, Run, Skipped, Table,
};

/// A table's columns as its data rows are read with them.
pub(super) struct TableShape {
    /// The file (and sheet) the answers cite.
    pub source: Arc<str>,
    /// The question of each column.
    pub questions: Vec<Arc<str>>,
    pub roles: columns::Roles,
    /// The names of the metadata columns, in the order of `roles.meta`.
    pub meta_names: Vec<Arc<str>>,
    /// The number of columns: a row with more filled cells is skipped.
    pub width: usize,
}

/// The names, questions and roles of a table's columns.
type ColumnsFound = (Vec<String>, Vec<String>, columns::Roles);

impl Run<'_> {
    /// Takes the answers of one table and returns its report.
    pub(super) fn table(&mut self, table: Table<'_>) -> FileReport {
        let mut report = FileReport::new(&table.source, &table.format);
        report.encoding = table.encoding.clone();
        report.delimiter = table.delimiter.map(|d| match d {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        });
        report.warnings.extend(table.notes);
        let mut rows = table.rows;
        let source = table.source;

        // The rows read before the data: for a header to be detected and column roles chosen.
        let mut pending: Vec<RawRow> = Vec::new();
        // The header rows, to know them again further down (two exports joined into one).
        let mut header_rows: Vec<Vec<String>> = Vec::new();
        let (names, questions, roles) = match table.layout {
            Layout::Text(question) => self.text_columns(question, &table.format, &mut report),
            layout => {
                let (names, questions) = match layout {
                    Layout::Known(names) => (names.clone(), names),
                    _ => read_header(&mut rows, &mut report, &mut pending, &mut header_rows),
                };
                sample::read_ahead(&mut pending, &mut rows, names.len());
                match columns::assign(
                    &names,
                    &questions,
                    &cells_of(&pending, false),
                    &self.opts.columns,
                ) {
                    Ok(roles) => (names, questions, roles),
                    Err(reason) => {
                        report.status = FileStatus::Failed;
                        report.reason = Some(reason);
                        report.columns = describe_columns(&names, &questions, None);
                        return report;
                    }
                }
            }
        };
        report.columns = describe_columns(&names, &questions, Some(&roles));
        let shape = self.shape(&source, &names, &questions, roles);
        let rows = pending.into_iter().chain(rows);
        self.data_rows(&shape, &header_rows, rows, &mut report);
        if report.rows == 0 {
            report
                .warnings
                .push("no data rows (an empty export, or only a header)".to_string());
        }
        report
    }

    /// The columns of a plain text table: one of free text with the given question, and for
    /// Markdown a second, the question of each answer's heading.
    fn text_columns(
        &self,
        question: String,
        format: &str,
        report: &mut FileReport,
    ) -> ColumnsFound {
        report.layout = Some(
            if self.opts.paragraphs {
                "one answer per paragraph"
            } else {
                "one answer per line"
            }
            .to_string(),
        );
        if format == "md" {
            (
                vec!["text".to_string(), "question".to_string()],
                vec![question, "question".to_string()],
                columns::Roles::text_only(Some(1)),
            )
        } else {
            (
                vec!["text".to_string()],
                vec![question],
                columns::Roles::text_only(None),
            )
        }
    }

    /// The shape the data rows are read with; the metadata columns are recorded in the
    /// corpus.
    fn shape(
        &mut self,
        source: &str,
        names: &[String],
        questions: &[String],
        roles: columns::Roles,
    ) -> TableShape {
        let meta_names: Vec<Arc<str>> = roles
            .meta
            .iter()
            .map(|&i| Arc::<str>::from(names[i].as_str()))
            .collect();
        for name in &meta_names {
            if !self.corpus.meta_columns.contains(name) {
                self.corpus.meta_columns.push(name.clone());
            }
        }
        TableShape {
            source: Arc::from(source),
            questions: questions.iter().map(|q| Arc::from(q.as_str())).collect(),
            roles,
            meta_names,
            width: names.len(),
        }
    }

    /// Reads the data rows of a table, each to one [`RowOutcome`] counted in `report`.
    fn data_rows(
        &mut self,
        shape: &TableShape,
        header_rows: &[Vec<String>],
        rows: impl Iterator<Item = RawRow>,
        report: &mut FileReport,
    ) {
        let limits = self.opts.limits;
        let source = &*shape.source;
        let mut mojibake = MojibakeCount::default();
        for raw in rows {
            let outcome = match raw {
                RawRow::Note(row, note) => {
                    report.warnings.push(format!("row {row}: {note}"));
                    continue;
                }
                RawRow::Bad(row, reason) => {
                    self.skip(source, row, reason);
                    RowOutcome::Skipped
                }
                RawRow::Invalid(row, _) => {
                    self.skip(source, row, not_utf8(report.encoding.as_deref()));
                    RowOutcome::Skipped
                }
                RawRow::Cells(row, _) if is_header_again(raw_cells(&raw), header_rows) => {
                    self.skip(
                        source,
                        row,
                        "the header row again (two exports joined into one file?)".to_string(),
                    );
                    RowOutcome::Skipped
                }
                RawRow::Cells(row, cells) => match check_cells(&cells, shape.width, &limits) {
                    Some(reason) => {
                        self.skip(source, row, reason);
                        RowOutcome::Skipped
                    }
                    None => self.row(shape, row, cells, report, &mut mojibake),
                },
            };
            report.count(outcome);
        }
        if let Some(warning) = mojibake.warning() {
            report.warnings.push(warning);
        }
    }

    fn skip(&mut self, source: &str, row: usize, reason: String) {
        self.corpus.skipped.push(Skipped {
            source: source.to_string(),
            row,
            reason,
        });
    }
}

/// Detects the header in the first rows of `rows`: the layout goes into `report`, the header
/// rows into `header_rows` and the rows after them into `pending`. Returns the columns' names
/// and questions.
fn read_header(
    rows: &mut impl Iterator<Item = RawRow>,
    report: &mut FileReport,
    pending: &mut Vec<RawRow>,
    header_rows: &mut Vec<Vec<String>>,
) -> (Vec<String>, Vec<String>) {
    let head: Vec<RawRow> = rows.by_ref().take(header::SCAN_ROWS).collect();
    // A header that is not valid UTF-8 is still the header.
    let found = header::detect(&cells_of(&head, true));
    report.layout = Some(found.describe());
    report.header_rows = found.rows;
    // Drop the header rows (unreadable rows among them still count).
    let mut header_left = found.rows;
    for row in head {
        match row {
            RawRow::Invalid(..) if header_left > 0 => {
                header_left -= 1;
                report.warnings.push(
                    "a header row is not valid UTF-8; its names are shown with \u{fffd}; \
                     re-save the file as UTF-8, or give --encoding"
                        .to_string(),
                );
            }
            RawRow::Cells(_, cells) if header_left > 0 => {
                header_left -= 1;
                header_rows.push(cells);
            }
            row => pending.push(row),
        }
    }
    (found.names, found.questions)
}

/// Why a row that is not valid UTF-8 is skipped, given how the file was decoded.
fn not_utf8(encoding: Option<&str>) -> String {
    if encoding.is_some_and(|e| e.contains("--encoding")) {
        "not valid UTF-8 (--encoding utf-8); try --encoding windows-1252".to_string()
    } else {
        "not valid UTF-8, although the rest of the file is: this row was saved in another \
         encoding; fix it in the export (forcing --encoding would garble the other rows)"
            .to_string()
    }
}

/// The cells of the readable rows, and of the rows that are not valid UTF-8 if `invalid_too`.
fn cells_of(rows: &[RawRow], invalid_too: bool) -> Vec<&[String]> {
    rows.iter()
        .filter_map(|r| match r {
            RawRow::Cells(_, c) => Some(c.as_slice()),
            RawRow::Invalid(_, c) if invalid_too => Some(c.as_slice()),
            RawRow::Bad(..) | RawRow::Invalid(..) | RawRow::Note(..) => None,
        })
        .collect()
}

fn raw_cells(raw: &RawRow) -> &[String] {
    match raw {
        RawRow::Cells(_, c) | RawRow::Invalid(_, c) => c,
        RawRow::Bad(..) | RawRow::Note(..) => &[],
    }
}

/// Whether a data row repeats one of the header rows, cell for cell (blank cells at the end
/// aside).
fn is_header_again(cells: &[String], header_rows: &[Vec<String>]) -> bool {
    let filled = |r: &[String]| -> Vec<String> {
        let mut v: Vec<String> = r.iter().map(|c| c.trim().to_string()).collect();
        while v.last().is_some_and(String::is_empty) {
            v.pop();
        }
        v
    };
    let row = filled(cells);
    !row.is_empty() && header_rows.iter().any(|h| filled(h) == row)
}

/// Why a row of cells cannot be used, if it cannot.
fn check_cells(cells: &[String], width: usize, limits: &Limits) -> Option<String> {
    if let Some((i, cell)) = cells
        .iter()
        .enumerate()
        .find(|(_, c)| c.len() > limits.max_field_bytes)
    {
        return Some(field_too_long(i, cell.len(), limits.max_field_bytes));
    }
    if cells.len() > width && cells[width..].iter().any(|c| !c.trim().is_empty()) {
        return Some(format!(
            "{} fields but the table has {width} columns; a delimiter inside an unquoted field?",
            cells.len()
        ));
    }
    None
}

fn describe_columns(
    names: &[String],
    questions: &[String],
    roles: Option<&columns::Roles>,
) -> Vec<ColumnInfo> {
    names
        .iter()
        .zip(questions)
        .enumerate()
        .map(|(i, (name, question))| ColumnInfo {
            name: name.clone(),
            question: question.clone(),
            role: roles.map_or(Role::Meta, |r| r.role(i)),
            reason: roles
                .and_then(|r| r.reasons.get(i).cloned())
                .unwrap_or_default(),
        })
        .collect()
}
