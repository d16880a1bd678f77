//! The shape every vendor page shares: lines of prose and parameter tables, whether the
//! page is the site's Markdown, a browser copy (cells separated by tabs, sometimes with
//! empty cells dropped) or Taobao's bullet list (one `•` line per cell).

/// What a column holds, from its header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Col {
    /// 旺店通's 名称 next to 字段: a Chinese label.
    Label,
    Name,
    Type,
    Length,
    Required,
    Example,
    Limit,
    Default,
    Description,
    /// A column we do not use (环境, HTTP地址, 解决方案, …): kept by position only.
    Other,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Table {
    pub cols: Vec<Col>,
    /// One entry per row, one cell per column (`None` where the copy dropped it).
    pub rows: Vec<Vec<Option<String>>>,
}

impl Table {
    pub fn get<'a>(&self, row: &'a [Option<String>], col: Col) -> Option<&'a str> {
        let i = self.cols.iter().position(|c| *c == col)?;
        row.get(i)?
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    pub fn has(&self, col: Col) -> bool {
        self.cols.contains(&col)
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Block {
    /// A non-empty line outside tables, cleaned (`**x**` → `x`, `#` dropped).
    Line(String),
    /// A fenced or table-embedded code sample, raw.
    Code(String),
    Table(Table),
}

const HEADER_WORDS: [(&str, Col); 27] = [
    ("名称", Col::Name),
    ("参数名称", Col::Name),
    ("参数名", Col::Name),
    ("参数", Col::Name),
    ("字段", Col::Name),
    ("字段名", Col::Name),
    ("字段名称", Col::Name),
    ("返回码", Col::Name),
    ("错误码", Col::Name),
    ("类型", Col::Type),
    ("参数类型", Col::Type),
    ("数据类型", Col::Type),
    ("长度", Col::Length),
    ("必须", Col::Required),
    ("是否必须", Col::Required),
    ("是否必填", Col::Required),
    ("必填", Col::Required),
    ("示例值", Col::Example),
    ("参数示例", Col::Example),
    ("示例", Col::Example),
    ("更多限制", Col::Limit),
    ("默认值", Col::Default),
    ("描述", Col::Description),
    ("参数说明", Col::Description),
    ("说明", Col::Description),
    ("错误描述", Col::Description),
    ("备注", Col::Description),
];

fn header_col(cell: &str) -> Option<Col> {
    let c = cell.trim();
    HEADER_WORDS
        .iter()
        .find(|(w, _)| *w == c)
        .map(|(_, col)| *col)
}

/// A header row: at least two known column words, and nothing that looks like data.
fn as_header(cells: &[String]) -> Option<Vec<Col>> {
    let known = cells.iter().filter(|c| header_col(c).is_some()).count();
    if known < 2 || known * 2 < cells.len() {
        return None;
    }
    let mut cols: Vec<Col> = cells
        .iter()
        .map(|c| header_col(c).unwrap_or(Col::Other))
        .collect();
    // 旺店通 has both 名称 (a Chinese label) and 字段 (the key).
    let names = cols.iter().filter(|c| **c == Col::Name).count();
    if names > 1 {
        if let Some(i) = cells.iter().position(|c| c.trim() == "名称") {
            cols[i] = Col::Label;
        }
    }
    Some(cols)
}

/// Cell text as the catalog stores it: links reduced to their text, `\_` unescaped,
/// `<br>` as a line break, trimmed lines.
pub(crate) fn clean_cell(raw: &str) -> String {
    let mut s = raw
        .replace("\\_", "_")
        .replace("\\*", "*")
        .replace("\\|", "|")
        .replace("<br/>", "\n")
        .replace("<br />", "\n")
        .replace("<br>", "\n");
    let mut from = 0;
    while let Some(open) = s[from..].find('[').map(|i| from + i) {
        let Some(mid) = s[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(close) = s[mid..].find(')').map(|i| mid + i) else {
            break;
        };
        let text = s[open + 1..mid].to_string();
        s.replace_range(open..=close, &text);
        from = open + text.len();
    }
    s.lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// A prose line without Markdown decoration.
pub(crate) fn clean_line(line: &str) -> String {
    let t = line.trim().trim_start_matches('#').trim();
    let t = clean_cell(t);
    t.replace("**", "").trim().to_string()
}

fn is_md_separator(line: &str) -> bool {
    let t = line.trim().trim_matches('|').trim();
    !t.is_empty() && t.contains('-') && t.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

fn split_pipes(line: &str) -> Vec<String> {
    let t = line.trim();
    let t = t.strip_prefix('|').unwrap_or(t);
    let t = t.strip_suffix('|').unwrap_or(t);
    // `\|` inside a cell is text, not a border.
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut prev = '\0';
    for ch in t.chars() {
        if ch == '|' && prev != '\\' {
            cells.push(std::mem::take(&mut cur));
        } else {
            cur.push(ch);
        }
        prev = ch;
    }
    cells.push(cur);
    cells.into_iter().map(|c| clean_cell(&c)).collect()
}

fn split_tabs(line: &str) -> Vec<String> {
    line.split('\t').map(clean_cell).collect()
}

fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    t.strip_prefix('•')
        .or_else(|| t.strip_prefix("· "))
        .map(str::trim)
}

/// Splits a page into lines, code samples and tables.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    // Pages use no-break spaces inside code samples, where JSON wants plain ones.
    let text = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\u{a0}', " ");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if t.is_empty() {
            i += 1;
            continue;
        }
        if t.starts_with("```") {
            let mut code = String::new();
            i += 1;
            while i < lines.len() && !lines[i].trim().starts_with("```") {
                code.push_str(lines[i]);
                code.push('\n');
                i += 1;
            }
            out.push(Block::Code(code));
            i += 1;
            continue;
        }
        // Markdown: a row of pipes followed by `| --- |`.
        if t.contains('|') && i + 1 < lines.len() && is_md_separator(lines[i + 1]) {
            let header = split_pipes(line);
            i += 2;
            let mut rows = Vec::new();
            while i < lines.len() && lines[i].contains('|') && !lines[i].trim().is_empty() {
                if starts_table(&lines, i) {
                    break;
                }
                if !is_md_separator(lines[i]) {
                    rows.push(split_pipes(lines[i]));
                }
                i += 1;
            }
            push_table(&mut out, header, rows);
            continue;
        }
        // A copy that kept the `|` between cells but lost the `| --- |` row.
        if t.contains('|') && as_header(&split_pipes(line)).is_some() {
            let header = split_pipes(line);
            i += 1;
            let mut rows = Vec::new();
            while i < lines.len() && lines[i].contains('|') && !lines[i].trim().is_empty() {
                if starts_table(&lines, i) {
                    break;
                }
                if !is_md_separator(lines[i]) {
                    rows.push(split_pipes(lines[i]));
                }
                i += 1;
            }
            push_table(&mut out, header, rows);
            continue;
        }
        // A browser copy: tab-separated cells; a line without tabs continues the last cell
        // (a `<br>` in the page) until a blank line or a title.
        if line.contains('\t') {
            let header = split_tabs(line);
            if as_header(&header).is_some() {
                i += 1;
                let mut rows: Vec<Vec<String>> = Vec::new();
                while i < lines.len() && !lines[i].trim().is_empty() {
                    let l = lines[i];
                    if l.contains('\t') {
                        // A second header row is the next table's (the response table
                        // right after the request one), not a row without a name.
                        if as_header(&split_tabs(l)).is_some() {
                            break;
                        }
                        rows.push(split_tabs(l));
                    } else if looks_like_title(l) || is_heading(l) || rows.is_empty() {
                        break;
                    } else if let Some(last) = rows.last_mut().and_then(|r| r.last_mut()) {
                        last.push('\n');
                        last.push_str(&clean_cell(l));
                    }
                    i += 1;
                }
                push_table(&mut out, header, rows);
                continue;
            }
        }
        // Taobao's page as copied: a space-separated header, then one `•` line per cell.
        let words: Vec<String> = t.split_whitespace().map(str::to_string).collect();
        if let Some(cols) = as_header(&words).filter(|c| c.len() == words.len()) {
            let next_is_data = lines[i + 1..]
                .iter()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| bullet(l).is_some() || !l.contains('\t'));
            if next_is_data {
                let (table, next) = bullet_table(&lines, i + 1, cols);
                if !table.rows.is_empty() {
                    out.push(Block::Table(table));
                    i = next;
                    continue;
                }
            }
        }
        out.push(Block::Line(clean_line(line)));
        i += 1;
    }
    out
}

/// A section heading on its own line (`响应参数`): a copy puts it right under the last
/// row with no blank line, and it is the page's next part, not more of that row's text.
fn is_heading(line: &str) -> bool {
    let t = clean_line(line);
    // Short and without sentence punctuation, so a description line that merely
    // mentions 返回结果 still continues its cell.
    t.chars().count() <= 20
        && !t.contains(['，', '。', '；', ',', ';', '、'])
        && super::section_of(&t).is_some()
}

/// A pipe row that is a header (a second table written right under the first).
fn starts_table(lines: &[&str], i: usize) -> bool {
    !is_md_separator(lines[i]) && as_header(&split_pipes(lines[i])).is_some()
}

fn looks_like_title(line: &str) -> bool {
    let t = clean_line(line);
    !t.is_empty()
        && !t.contains(' ')
        && (line.trim().starts_with("**")
            || line.trim().starts_with('#')
            || t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
}

fn push_table(out: &mut Vec<Block>, header: Vec<String>, rows: Vec<Vec<String>>) {
    let Some(cols) = as_header(&header) else {
        // A table that is not a parameter table (a code sample in a table, 1.1 接口描述).
        for row in rows {
            let joined = row.join("\n");
            if joined.contains('{') || joined.contains('[') {
                out.push(Block::Code(code_from_cells(&row)));
            } else {
                for cell in row.iter().filter(|c| !c.is_empty()) {
                    out.push(Block::Line(clean_line(cell)));
                }
            }
        }
        return;
    };
    let rows = rows
        .into_iter()
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .map(|r| align(&cols, r))
        .collect();
    out.push(Block::Table(Table { cols, rows }));
}

/// 旺店通 shows code as a two-column table: line numbers, then the code with each token
/// in backticks. The code cell without its backticks.
fn code_from_cells(row: &[String]) -> String {
    let cell = row
        .iter()
        .max_by_key(|c| c.len())
        .cloned()
        .unwrap_or_default();
    cell.replace('`', "")
}

/// Cells to columns. A full row maps one to one; when the copy dropped empty cells, the
/// strict columns (name, type, length, required) take only a cell that fits them, and
/// the description keeps the last cell.
pub(crate) fn align(cols: &[Col], cells: Vec<String>) -> Vec<Option<String>> {
    let m = cols.len();
    let n = cells.len();
    let mut out: Vec<Option<String>> = vec![None; m];
    if n >= m {
        let mut cells = cells;
        let rest = cells.split_off(m - 1).join("\t");
        for (slot, c) in out.iter_mut().zip(cells) {
            *slot = Some(c);
        }
        out[m - 1] = Some(rest);
        return out;
    }
    let mut i = 0;
    for (j, col) in cols.iter().enumerate() {
        if i >= n {
            break;
        }
        let cells_left = n - i;
        let cols_left = m - j;
        let cell = &cells[i];
        let take = if cells_left >= cols_left {
            true
        } else {
            match col {
                // A copy that dropped an empty name cell starts with the type: `String`
                // followed by no type is that row's type, not a parameter named String.
                Col::Name => {
                    let name = strip_tree(cell).1;
                    let is_type_cell = cols.get(j + 1) == Some(&Col::Type)
                        && super::types::looks_like_type(name)
                        && !cells
                            .get(i + 1)
                            .is_some_and(|next| super::types::looks_like_type(next));
                    super::prose::is_identifier(name) && !is_type_cell
                }
                Col::Type => super::types::looks_like_type(cell),
                Col::Length => !cell.is_empty() && cell.chars().all(|c| c.is_ascii_digit()),
                Col::Required => super::prose::required_word(cell).is_some(),
                Col::Limit => super::prose::looks_like_limit(cell),
                Col::Description => true,
                // A free column keeps a cell only when the description still gets one,
                // and not when the cell is plainly the next column's.
                Col::Label | Col::Example | Col::Default | Col::Other => {
                    let next_limit = cols.get(j + 1) == Some(&Col::Limit)
                        && super::prose::looks_like_limit(cell);
                    cells_left > 1 && !next_limit
                }
            }
        };
        if take {
            out[j] = Some(cell.clone());
            i += 1;
        }
    }
    out
}

/// `└ owner_code` → (1, "owner_code"); the depth is the number of `└`.
pub(crate) fn strip_tree(cell: &str) -> (usize, &str) {
    let mut depth = 0;
    let mut t = cell.trim();
    while let Some(rest) = t.strip_prefix('└') {
        depth += 1;
        t = rest.trim_start();
    }
    (depth, t.trim())
}

/// Taobao's copied table: rows are `•` groups; a row starts where a name, a type and
/// (in a request table) a required word follow each other. A row may also sit on one
/// line, cells separated by spaces.
fn bullet_table(lines: &[&str], start: usize, cols: Vec<Col>) -> (Table, usize) {
    let mut cells: Vec<(bool, String)> = Vec::new(); // (was on one line, text)
    let mut i = start;
    while i < lines.len() {
        let l = lines[i];
        let t = l.trim();
        if t.is_empty() {
            // A blank line ends the table unless bullets continue right after it.
            let next = lines[i + 1..].iter().find(|l| !l.trim().is_empty());
            if next.is_some_and(|n| bullet(n).is_some()) {
                i += 1;
                continue;
            }
            break;
        }
        if let Some(b) = bullet(l) {
            cells.push((false, b.to_string()));
        } else if cells.is_empty() || cells.last().is_some_and(|(_, _)| true) {
            // A whole row on one line (the first row as the copy gives it).
            let words: Vec<&str> = t.split_whitespace().collect();
            if words.len() >= 2
                && super::prose::is_identifier(strip_tree(words[0]).1)
                && super::types::looks_like_type(words[1])
            {
                // Its cells, then any `•` cells that follow belong to it too.
                let has_required = cols.contains(&Col::Required);
                for (n, c) in one_line_row(t, has_required).into_iter().enumerate() {
                    cells.push((n == 0, c));
                }
            } else {
                break;
            }
        }
        i += 1;
    }
    let has_required = cols.contains(&Col::Required);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut k = 0;
    let starts_row = |k: usize, cells: &[(bool, String)]| -> bool {
        let Some((line, c)) = cells.get(k) else {
            return false;
        };
        if *line {
            return true;
        }
        let (_, name) = strip_tree(c);
        super::prose::is_identifier(name)
            && cells
                .get(k + 1)
                .is_some_and(|(_, t)| super::types::looks_like_type(t))
            && (!has_required
                || cells
                    .get(k + 2)
                    .is_some_and(|(_, r)| super::prose::required_word(r).is_some()))
    };
    while k < cells.len() {
        let mut row = vec![cells[k].1.clone()];
        k += 1;
        // A row has at least its name, type (and required word) before the next starts.
        let min = if has_required { 3 } else { 2 };
        while k < cells.len() && !cells[k].0 && (row.len() < min || !starts_row(k, &cells)) {
            row.push(cells[k].1.clone());
            k += 1;
        }
        rows.push(row);
    }
    let rows = rows.into_iter().map(|r| align(&cols, r)).collect();
    (Table { cols, rows }, i)
}

/// `req_dto SomeDto 必须 reqDto`: name, type (`X []` is one), required, then the rest.
fn one_line_row(text: &str, has_required: bool) -> Vec<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut out = vec![words[0].to_string()];
    let mut k = 1;
    let mut ty = words[1].to_string();
    k += 1;
    if words.get(k) == Some(&"[]") {
        ty.push_str(" []");
        k += 1;
    }
    out.push(ty);
    if has_required {
        if let Some(w) = words
            .get(k)
            .filter(|w| super::prose::required_word(w).is_some())
        {
            out.push(w.to_string());
            k += 1;
        }
    }
    let rest = &words[k.min(words.len())..];
    match rest.len() {
        0 => {}
        1 => out.push(rest[0].to_string()),
        _ => {
            // The example is the leading run of words without Chinese (`2000-01-01
            // 00:00:00`), the description the rest.
            let cjk = |w: &str| w.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
            let run = rest.iter().take_while(|w| !cjk(w)).count();
            let run = if run == 0 || run == rest.len() {
                1
            } else {
                run
            };
            out.push(rest[..run].join(" "));
            out.push(rest[run..].join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_escapes_are_cleaned() {
        assert_eq!(clean_cell(r"stock\_id"), "stock_id");
        assert_eq!(
            clean_cell("应用id，[创建指引](https://x/y)"),
            "应用id，创建指引"
        );
        assert_eq!(clean_cell("a <br>b"), "a\nb");
    }

    #[test]
    fn dropped_cells_go_to_the_columns_they_fit() {
        let cols = [
            Col::Label,
            Col::Name,
            Col::Type,
            Col::Length,
            Col::Required,
            Col::Description,
        ];
        let row = align(
            &cols,
            vec![
                "盐".into(),
                "salt".into(),
                "String".into(),
                "Y".into(),
                "说明".into(),
            ],
        );
        assert_eq!(row[3], None);
        assert_eq!(row[4].as_deref(), Some("Y"));
        assert_eq!(row[5].as_deref(), Some("说明"));
    }

    #[test]
    fn markdown_with_and_without_trailing_pipe() {
        let page = "| 参数名称 | 参数类型 | 是否必填 | 参数说明 |\n| --- | --- | --- | --- |\n| a\\_b | string | true | x\n| c | int | false | y |\n";
        let b = blocks(page);
        let Block::Table(t) = &b[0] else {
            panic!("{b:?}")
        };
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.get(&t.rows[0], Col::Name), Some("a_b"));
        assert_eq!(t.get(&t.rows[0], Col::Description), Some("x"));
    }
}
