//! What a description says in prose: enum values, a default, limits, a format. Only what
//! reads one way becomes data; the rest stays text (and gets a note).

/// A parameter name: ASCII letters, digits, `_`, `-`, `.` (Kingdee headers), not empty.
pub(crate) fn is_identifier(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.len() <= 80
        && s.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// A required column's word: 是/否, Y/N, true/false (and the typo `ture`), 必须/可选, ….
pub(crate) fn required_word(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "是" | "y" | "yes" | "true" | "ture" | "必须" | "必填" | "必选" | "required" | "m" => {
            Some(true)
        }
        "否" | "n" | "no" | "false" | "flase" | "可选" | "非必须" | "非必填" | "选填"
        | "optional" | "o" => Some(false),
        _ => None,
    }
}

/// Taobao's 更多限制 column: `最大长度：64`, `最大列表长度：20`, `最小值：1`.
pub(crate) fn looks_like_limit(s: &str) -> bool {
    let t = s.trim();
    (t.starts_with("最大") || t.starts_with("最小") || t.starts_with("默认值"))
        && t.chars().count() < 40
}

/// `默认值:40` in Taobao's 更多限制 column.
pub(crate) fn limit_default(limit: &str) -> Option<String> {
    let at = limit.find("默认值")?;
    let rest = limit[at + "默认值".len()..].trim_start_matches([':', '：', ' ']);
    let word: String = rest
        .chars()
        .take_while(|c| !matches!(c, ';' | '；' | ',' | '，' | '\n' | ' '))
        .collect();
    (!word.is_empty()).then_some(word)
}

/// What follows `prefix` in `s`, past its colon (`最大长度：64` → `64`).
fn after<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let at = s.find(prefix)? + prefix.len();
    Some(s[at..].trim_start_matches([':', '：', ' ', '为']))
}

/// The leading digits of `s`.
fn digits(s: &str) -> String {
    s.chars().take_while(char::is_ascii_digit).collect()
}

/// The first whole number after `prefix` in `s` (`最大长度：64` → 64).
fn number_after(s: &str, prefix: &str) -> Option<usize> {
    digits(after(s, prefix)?).parse().ok()
}

/// The first whole number, with its sign, after `prefix` in `s` (`最小值：-1` → -1).
fn signed_after(s: &str, prefix: &str) -> Option<f64> {
    let rest = after(s, prefix)?;
    let (sign, rest) = match rest.strip_prefix('-') {
        Some(r) => (-1.0, r),
        None => (1.0, rest),
    };
    digits(rest).parse::<f64>().ok().map(|n| sign * n)
}

/// The description rules out negative numbers (`不能为负数`, `非负整数`, `大于等于0`).
pub(crate) fn non_negative(description: &str) -> bool {
    let d: String = description.chars().filter(|c| !c.is_whitespace()).collect();
    [
        "不能为负",
        "不可为负",
        "非负",
        "大于等于0",
        "不能小于0",
        ">=0",
    ]
    .iter()
    .any(|p| d.contains(p))
}

pub(crate) struct Limits {
    pub max_length: Option<usize>,
    pub max_items: Option<usize>,
    /// `最小值：1`, `最大值：100` (whole numbers, as TOP writes them).
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
}

/// Limits from the 更多限制 cell and the description.
pub(crate) fn limits(limit: Option<&str>, description: &str) -> Limits {
    let mut out = Limits {
        max_length: None,
        max_items: None,
        minimum: None,
        maximum: None,
    };
    if let Some(l) = limit {
        out.max_items = number_after(l, "最大列表长度");
        out.max_length = number_after(l, "最大长度");
        out.minimum = signed_after(l, "最小值");
        out.maximum = signed_after(l, "最大值");
    }
    for (prefix, suffix) in [
        ("最大不能超过", "条"),
        ("不能超过", "条"),
        ("不超过", "条"),
        ("最多", "条"),
        ("最多支持", "条"),
        ("最多", "个"),
        ("不超过", "个"),
    ] {
        if out.max_items.is_some() {
            break;
        }
        let mut from = 0;
        while let Some(at) = description[from..].find(prefix).map(|i| from + i) {
            let rest = &description[at + prefix.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && rest[digits.len()..].starts_with(suffix) {
                // `个字符` is a length, not a count.
                if !rest[digits.len()..].starts_with("个字") {
                    out.max_items = digits.parse().ok();
                    break;
                }
            }
            from = at + prefix.len();
        }
    }
    if out.max_length.is_none() {
        for prefix in ["长度不超过", "最大长度", "最多", "不超过"] {
            if let Some(at) = description.find(prefix) {
                let rest = &description[at + prefix.len()..];
                let rest = rest.trim_start_matches([':', '：', ' ', '为']);
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let tail = &rest[digits.len()..];
                if !digits.is_empty()
                    && (prefix == "长度不超过"
                        || prefix == "最大长度"
                        || tail.starts_with("个字符")
                        || tail.starts_with("字符")
                        || tail.starts_with("位"))
                {
                    out.max_length = digits.parse().ok();
                    break;
                }
            }
        }
    }
    out
}

/// A date pattern written in the description.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DateHint {
    Date,
    DateTime,
}

pub(crate) fn date_hint(description: &str) -> Option<DateHint> {
    let d = description.to_ascii_lowercase().replace(' ', "");
    if d.contains("yyyy-mm-ddhh:mm:ss") {
        Some(DateHint::DateTime)
    } else if d.contains("yyyy-mm-dd") {
        Some(DateHint::Date)
    } else {
        None
    }
}

/// JSON text inside a string (`Map对应的Json`, `json字符串`).
pub(crate) fn says_json(description: &str) -> bool {
    let d = description.to_ascii_lowercase();
    d.contains("json")
}

/// Several codes joined by commas (`多个之间用英文逗号分隔开`).
pub(crate) fn says_csv(description: &str) -> bool {
    description.contains("多个")
        && description.contains("逗号")
        && ["分隔", "隔开", "拼接", "连接"]
            .iter()
            .any(|w| description.contains(w))
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct EnumItem {
    pub value: String,
    pub label: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EnumParse {
    pub items: Vec<EnumItem>,
    /// A value of `items`.
    pub default: Option<String>,
    /// The description says other values exist (`等`, `会用到的…只有`).
    pub open: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Shape {
    /// `ZP=正品`, `1：天`, `0 全部`
    ValueFirst,
    /// `单人盘点:“1”`, `普通：1`
    LabelFirst,
    /// `1启用`
    Glued,
    /// `ERP：ERP`: the label is the value, so it reads either way round.
    Same,
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

fn unquote(s: &str) -> &str {
    s.trim()
        .trim_matches(|c| matches!(c, '“' | '”' | '"' | '\'' | '‘' | '’' | '「' | '」'))
        .trim()
}

/// A value code: digits, `true`/`false`, or an ASCII word (`ADJUST`, `XTZP`).
fn is_code(s: &str) -> bool {
    let s = s.trim();
    if s.is_empty() || s.len() > 32 {
        return false;
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_label(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty() && s.chars().count() <= 40 && s.chars().any(|c| is_cjk(c) || c.is_alphabetic())
}

/// One `value/label` pair in a segment of the description, and whether the segment
/// marks it as the default (`默认:单人盘点:“1”`).
fn item(seg: &str) -> Option<(Shape, EnumItem, bool)> {
    let seg = seg.trim();
    if seg.is_empty() {
        return None;
    }
    const SEPS: [char; 4] = ['=', ':', '：', '-'];
    // `ERP：ERP`, also after a lead-in (`来源：ERP：ERP`): a code named by itself. Words only,
    // so a time (`12:12`) is no pair.
    if let Some((left, right)) = seg.rsplit_once([':', '：', '=']) {
        let token = left
            .rsplit([':', '：', '=', ' '])
            .next()
            .unwrap_or("")
            .trim();
        let right = right.trim();
        if token == right
            && is_code(token)
            && token
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
        {
            return Some((
                Shape::Same,
                EnumItem {
                    value: token.to_string(),
                    label: token.to_string(),
                },
                left.contains("默认"),
            ));
        }
    }
    // value first: the token before the first separator that makes it work
    for (at, sep) in seg.char_indices().filter(|(_, c)| SEPS.contains(c)) {
        let left = &seg[..at];
        let right = seg[at + sep.len_utf8()..].trim();
        let token = left.split_whitespace().last().unwrap_or("");
        let token = unquote(token);
        let prefix_ok = left.trim_end().ends_with(token)
            && (left.trim() == token || left.trim_end().len() > token.len());
        if is_code(token)
            && prefix_ok
            && is_label(right)
            && (sep != '-' || right.chars().any(is_cjk))
            && !right.chars().all(|c| c.is_ascii_alphanumeric() || c == ':')
        {
            let default = left.contains("默认");
            return Some((
                Shape::ValueFirst,
                EnumItem {
                    value: token.to_string(),
                    label: right.to_string(),
                },
                default,
            ));
        }
    }
    // label first: `label:“1”`, `label：1`
    if let Some((at, sep)) = seg
        .char_indices()
        .rfind(|(_, c)| matches!(c, ':' | '：' | '='))
    {
        let left = seg[..at].trim();
        let right = unquote(&seg[at + sep.len_utf8()..]);
        let upper = right.chars().any(|c| c.is_ascii_uppercase())
            && right
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        let digits_or_quoted = right.chars().all(|c| c.is_ascii_digit())
            || seg[at + sep.len_utf8()..].contains('“')
            || upper;
        // `可选值 等待发货:WAIT_SEND`: the label is the words after 可选值.
        let left = match left.rfind("可选值") {
            Some(k) => left[k + "可选值".len()..].trim_start_matches([':', '：', ' ', '为', '有']),
            None => left,
        };
        if is_code(right) && digits_or_quoted && left.chars().any(is_cjk) {
            let (label, default) = match left
                .strip_prefix("默认")
                .map(|l| l.trim_start_matches([':', '：', ' ']))
            {
                Some(l) if !l.is_empty() => (l, true),
                _ => (left, false),
            };
            return Some((
                Shape::LabelFirst,
                EnumItem {
                    value: right.to_string(),
                    label: label.to_string(),
                },
                default,
            ));
        }
    }
    // `0 全部` on a line of its own, also after a lead-in (`启用状态：1 启用，0 禁用`)
    let after_lead = seg
        .rsplit_once([':', '：'])
        .map_or(seg, |(_, r)| r.trim_start());
    if let Some((v, l)) = after_lead.split_once(' ') {
        if v.chars().all(|c| c.is_ascii_digit()) && !v.is_empty() && l.trim().chars().any(is_cjk) {
            return Some((
                Shape::ValueFirst,
                EnumItem {
                    value: v.to_string(),
                    label: l.trim().to_string(),
                },
                false,
            ));
        }
    }
    // `1启用`, `1为全量更新`, also after a lead-in (`可选值：1为全量更新`)
    let glued = seg
        .rsplit_once([':', '：'])
        .map_or(seg, |(_, r)| r.trim_start());
    let digits: String = glued.chars().take_while(char::is_ascii_digit).collect();
    let rest = glued_label(&glued[digits.len()..]);
    if !digits.is_empty() && rest.chars().next().is_some_and(is_cjk) && rest.chars().count() <= 12 {
        return Some((
            Shape::Glued,
            EnumItem {
                value: digits,
                label: rest.to_string(),
            },
            false,
        ));
    }
    None
}

/// The label of `1为全量更新`: the linking word (为, 表示, 代表) says "means" and is no
/// part of the name; kept when nothing else is left.
fn glued_label(rest: &str) -> &str {
    ["为", "表示", "代表"]
        .iter()
        .find_map(|w| rest.strip_prefix(w).filter(|r| !r.is_empty()))
        .unwrap_or(rest)
}

/// Taobao's `可选值:RATE_A(买家未评)RATE_B(卖家未评)`: codes each followed by its label in
/// brackets.
fn bracketed(d: &str) -> Vec<EnumItem> {
    let mut out = Vec::new();
    let chars: Vec<char> = d.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '(' || chars[i] == '（' {
            let mut j = i;
            while j > 0 && (chars[j - 1].is_ascii_alphanumeric() || chars[j - 1] == '_') {
                j -= 1;
            }
            let code: String = chars[j..i].iter().collect();
            let close = chars[i..].iter().position(|c| *c == ')' || *c == '）');
            if let (true, Some(len)) = (is_code(&code) && !code.is_empty(), close) {
                let label: String = chars[i + 1..i + len].iter().collect();
                if label.chars().any(is_cjk) && !code.chars().all(|c| c.is_ascii_digit()) {
                    out.push(EnumItem {
                        value: code,
                        label: label.trim().to_string(),
                    });
                }
                i += len;
            }
        }
        i += 1;
    }
    out
}

/// Enum values written in a description. `None` when it does not read as one list.
pub(crate) fn enum_values(description: &str) -> Option<EnumParse> {
    let d = description;
    // Several values joined by commas is a list field, not one of a set.
    if says_csv(d) || d.contains("逗号分隔") {
        return None;
    }
    if d.contains("可选值") {
        let items = bracketed(d);
        if items.len() >= 2 {
            let mut seen = std::collections::HashSet::new();
            if items.iter().all(|i| seen.insert(i.value.clone())) {
                let open = ["目前", "等"].iter().any(|w| d.contains(w));
                return Some(EnumParse {
                    items,
                    default: None,
                    open,
                });
            }
        }
    }
    // Examples are not a closed list.
    if ["例如", "比如", "如：", "如:"]
        .iter()
        .any(|w| d.contains(w))
        && !d.contains("枚举")
    {
        return None;
    }
    // Date patterns contain separators that read like pairs.
    let mut text = d.to_string();
    for pat in [
        "YYYY-MM-DD HH:MM:SS",
        "yyyy-MM-dd HH:mm:ss",
        "YYYY-MM-DD",
        "yyyy-MM-dd",
    ] {
        text = text.replace(pat, " ");
    }
    let segments = text.split([
        '\n', ';', '；', ',', '，', '、', '(', ')', '（', '）', '。', '|',
    ]);
    let mut items: Vec<EnumItem> = Vec::new();
    let mut shape: Option<Shape> = None;
    let mut default: Option<String> = None;
    for seg in segments {
        let Some((s, it, is_default)) = item(seg) else {
            continue;
        };
        if s != Shape::Same {
            if shape.is_some_and(|sh| sh != s) {
                return None;
            }
            shape = Some(s);
        }
        if is_default {
            default = Some(it.value.clone());
        }
        items.push(it);
    }
    let one_is_enough = d.contains("枚举");
    if items.is_empty() || (items.len() < 2 && !one_is_enough) {
        return None;
    }
    // One kind of value: all numbers or all words.
    let numeric = |v: &str| v.chars().all(|c| c.is_ascii_digit() || c == '-');
    let all_numeric = items.iter().all(|i| numeric(&i.value));
    if !all_numeric && items.iter().any(|i| numeric(&i.value)) {
        return None;
    }
    let mut seen = std::collections::HashSet::new();
    if !items.iter().all(|i| seen.insert(i.value.clone())) {
        return None;
    }
    if default.is_none() {
        default = default_word(d).and_then(|w| {
            items
                .iter()
                .find(|i| i.value == w || i.label == w)
                .map(|i| i.value.clone())
        });
    }
    let open = ["会用到", "等)", "等）", "等。", "其他值", "其它值", "目前"]
        .iter()
        .any(|w| d.contains(w))
        || d.trim_end().ends_with('等');
    Some(EnumParse {
        items,
        default,
        open,
    })
}

/// The word after `默认` (`默认为 1`, `默认0`, `默认false，不启用`, `默认统一库存`).
pub(crate) fn default_word(description: &str) -> Option<String> {
    let at = description.rfind("默认")?;
    let rest = &description[at + "默认".len()..];
    let rest = rest
        .trim_start_matches("值")
        .trim_start_matches("为")
        .trim_start_matches([':', '：', ' ', '是']);
    let word: String = rest
        .chars()
        .take_while(|c| {
            !matches!(
                c,
                ',' | '，' | '。' | ';' | '；' | ')' | '）' | '\n' | '-' | ' '
            )
        })
        .collect();
    let word = unquote(&word).to_string();
    (!word.is_empty()).then_some(word)
}

/// A boolean's default (`默认false`, `默认0`), when the description gives one.
pub(crate) fn bool_default(description: &str) -> Option<bool> {
    match default_word(description)?.to_lowercase().as_str() {
        "false" | "0" | "否" | "不启用" => Some(false),
        "true" | "1" | "是" | "启用" => Some(true),
        _ => None,
    }
}

/// A boolean described with 0/1: the gateway takes either form.
pub(crate) fn bool_as_digits(description: &str) -> bool {
    enum_values(description).is_some_and(|e| {
        e.items
            .iter()
            .all(|i| matches!(i.value.as_str(), "0" | "1"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(d: &str) -> Vec<String> {
        enum_values(d)
            .map(|e| e.items.into_iter().map(|i| i.value).collect())
            .unwrap_or_default()
    }

    #[test]
    fn non_negative_phrasings() {
        assert!(non_negative("数量，不能为负数"));
        assert!(non_negative("非负整数"));
        assert!(non_negative("取值 大于等于 0"));
        assert!(!non_negative("数量，正负均可"));
        assert!(!non_negative("差值，可以为负"));
    }

    #[test]
    fn enum_shapes() {
        assert_eq!(values("类型(A=甲;BB=乙;C1=丙)"), ["A", "BB", "C1"]);
        assert_eq!(values("方式:\n0 全部\n1 部分"), ["0", "1"]);
        assert_eq!(values("模式(默认:单人:“1”,多人:“2”)"), ["1", "2"]);
        assert_eq!(values("类型(普通：1、套装：2) 不填，默认为 1"), ["1", "2"]);
        assert_eq!(values("状态（1启用，0禁用）"), ["1", "0"]);
        assert_eq!(values("启用状态：1 启用，0 禁用"), ["1", "0"]);
        assert_eq!(values("可选值：1为全量更新，2为增量更新"), ["1", "2"]);
        assert_eq!(values("规则，1：按金额，2：按成本"), ["1", "2"]);
        assert_eq!(values("只有一个: X=某"), Vec::<String>::new());
        // A code named by itself, alone or beside codes with labels of their own.
        assert_eq!(values("来源，ERP：ERP，APP：APP"), ["ERP", "APP"]);
        assert_eq!(values("来源：ERP：ERP，APP：移动端"), ["ERP", "APP"]);
        assert_eq!(labels("来源：ERP：ERP，APP：移动端"), ["ERP", "移动端"]);
        assert!(values("时间 12:12，13:13").is_empty());
        assert_eq!(values("枚举值只有: ADJUST=调整"), ["ADJUST"]);
        assert!(values("操作时间(YYYY-MM-DD HH:MM:SS)").is_empty());
        assert!(values("辅助单位1,启动多单位，才需要传递").is_empty());
        assert!(values("时间戳, 当前时间减去 2012-01-01 00:00:00(1325347200)").is_empty());
    }

    fn labels(d: &str) -> Vec<String> {
        enum_values(d)
            .map(|e| e.items.into_iter().map(|i| i.label).collect())
            .unwrap_or_default()
    }

    /// `1为全量更新` reads "1 means 全量更新": the label is the name without 为.
    #[test]
    fn glued_labels_lose_their_linking_word() {
        let want = ["全量更新", "增量更新"];
        assert_eq!(labels("更新方式。1为全量更新，2为增量更新"), want);
        assert_eq!(labels("可选值：1为全量更新，2为增量更新"), want);
        assert_eq!(labels("更新方式 1:全量更新，2:增量更新"), want);
        assert_eq!(labels("0表示关闭，1表示打开"), ["关闭", "打开"]);
        assert_eq!(labels("1启用，0禁用"), ["启用", "禁用"]);
        let e = enum_values("方式，1为全量更新，2为增量更新。不填默认为全量更新").unwrap();
        assert_eq!(e.default.as_deref(), Some("1"));
    }

    #[test]
    fn defaults() {
        let e = enum_values("模式(默认:单人:“1”,多人:“2”)").unwrap();
        assert_eq!(e.default.as_deref(), Some("1"));
        let e = enum_values("方式, 0：统一，1：分仓,默认统一").unwrap();
        assert_eq!(e.default.as_deref(), Some("0"));
        let e = enum_values("来源(默认:全部的:“2”,部分的:“1”)").unwrap();
        assert_eq!(e.default.as_deref(), Some("2"));
        assert_eq!(bool_default("是否锁定,默认false，不启用"), Some(false));
        assert_eq!(bool_default("0：宽松\n1：严格\n默认0"), Some(false));
        assert!(bool_as_digits("0：宽松\n1：严格\n默认0"));
    }

    #[test]
    fn limits_in_prose() {
        assert_eq!(
            limits(None, "id集合,最大不能超过100条").max_items,
            Some(100)
        );
        assert_eq!(limits(Some("最大长度：64"), "").max_length, Some(64));
        assert_eq!(limits(Some("最大列表长度：20"), "").max_items, Some(20));
        assert_eq!(limits(None, "名称，不超过30个字符").max_length, Some(30));
    }
}
