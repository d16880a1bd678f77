//! Calendar arithmetic for the timestamps vendors expect. Pure: the instant is
//! always an input, so signatures are reproducible.

/// Seconds between the Unix epoch and 2012-01-01 00:00:00 UTC (旺店通's epoch).
pub const WDT_EPOCH_SECS: i64 = 1_325_347_200;

/// `yyyy-MM-dd HH:mm:ss` at the given UTC offset.
pub fn format_datetime(unix_ms: i64, offset_hours: i64) -> String {
    let secs = unix_ms.div_euclid(1000) + offset_hours * 3600;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// [`format_datetime`] into a stack buffer, for the signers (no String per signature);
/// `None` for a year outside 0–9999, whose text is not 19 bytes.
pub fn datetime_into(unix_ms: i64, offset_hours: i64, buf: &mut [u8; 19]) -> Option<&str> {
    let secs = unix_ms.div_euclid(1000) + offset_hours * 3600;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    *buf = *b"0000-00-00 00:00:00";
    // Every field is 0..=9999 here: digits without divide instructions.
    let mut put = |at: usize, width: usize, n: i64| {
        let mut n = n as u32;
        for i in (at..at + width).rev() {
            let q = crate::value::div10(n);
            buf[i] = b'0' + (n - q * 10) as u8;
            n = q;
        }
    };
    put(0, 4, y);
    put(5, 2, m);
    put(8, 2, d);
    put(11, 2, rem / 3600);
    put(14, 2, rem % 3600 / 60);
    put(17, 2, rem % 60);
    std::str::from_utf8(buf).ok()
}

/// Beijing time, which Taobao's gateway expects whatever the caller's zone.
pub fn beijing(unix_ms: i64) -> String {
    format_datetime(unix_ms, 8)
}

/// `part` of [`beijing`] (`0..16` to the minute, `5..19` without the year) with the zone
/// named, as the app shows every time: `2025-11-25 19:30 (GMT+8)`.
pub fn beijing_shown(unix_ms: i64, part: std::ops::Range<usize>) -> String {
    let t = beijing(unix_ms);
    format!("{} (GMT+8)", t.get(part).unwrap_or(&t))
}

/// A Beijing time as people type or paste it: `2026-12-01 20:15:00`, or to the minute, with
/// `T` (as ISO and `datetime-local` write it) or `/` (as many logs do) allowed. `None`
/// unless it is a real date and time (no 2026-02-31, no 24:00).
pub fn read_beijing(text: &str) -> Option<i64> {
    let v = beijing_form(text);
    let ms = parse_datetime(&v, 8)?;
    // parse_datetime rolls 02-31 over into March: only a date that reads back is one.
    (beijing(ms) == v).then_some(ms)
}

/// Whether `text` is written as a Beijing time is (digits where [`read_beijing`] wants
/// them) but names none: 2026-02-30, 24:00, 13th month. Says "no such date" rather than
/// "write it as …" to someone who did.
pub fn no_such_time(text: &str) -> bool {
    let v = beijing_form(text);
    let shaped = v.len() == 19
        && v.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            10 => b == b' ',
            13 | 16 => b == b':',
            _ => b.is_ascii_digit(),
        });
    shaped && read_beijing(text).is_none()
}

/// `text` in the one form [`parse_datetime`] reads: `T` and `/` replaced, seconds added.
fn beijing_form(text: &str) -> String {
    let mut v: String = text
        .trim()
        .chars()
        .map(|c| match c {
            'T' | 't' => ' ',
            '/' => '-',
            c => c,
        })
        .collect();
    if v.len() == 16 {
        v.push_str(":00");
    }
    v
}

/// Parses `yyyy-MM-dd HH:mm:ss` at the given UTC offset back to Unix milliseconds.
pub fn parse_datetime(text: &str, offset_hours: i64) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| text.get(r)?.parse::<i64>().ok();
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, s) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    Some(((days * 86_400 + h * 3600 + mi * 60 + s) - offset_hours * 3600) * 1000)
}

// Howard Hinnant's algorithms, valid for the whole proleptic Gregorian calendar.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A signed duration for clock skews, the same in every view: `+12 min 5 s`, `−3 s`,
/// `0 s`, `−2 h 1 min`, and days past two days (`−1115 d 5 h`, a timestamp read in the
/// wrong unit or epoch), in English or 中文 (`−20 分钟 16 秒`).
pub fn skew_text(ms: i64, lang: crate::lang::Lang) -> String {
    // To the nearest second, as the gateways count: a pin 5 minutes ahead, sent 0.4 s
    // later, is "+5 min" (旺店通 says 相差 300 秒), not "+4 min 59 s".
    let secs = (ms.unsigned_abs() + 500) / 1000;
    // Below a second there is no sign to speak of: `0 s`, never `−0 s`.
    let sign = match (ms.signum(), secs) {
        (_, 0) | (0, _) => "",
        (1, _) => "+",
        _ => "−",
    };
    format!("{sign}{}", duration_text(secs, lang))
}

/// `secs` as its two largest units: `12 min 5 s`, `3 d 4 h` (`3 天 4 小时`).
pub fn duration_text(secs: u64, lang: crate::lang::Lang) -> String {
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    let (ud, uh, um, us) = match lang {
        crate::lang::Lang::Zh => ("天", "小时", "分钟", "秒"),
        crate::lang::Lang::En => ("d", "h", "min", "s"),
    };
    let two = |a: u64, ua: &str, b: u64, ub: &str| {
        if b == 0 {
            format!("{a} {ua}")
        } else {
            format!("{a} {ua} {b} {ub}")
        }
    };
    if secs >= 2 * 86_400 {
        two(d, ud, h, uh)
    } else if secs >= 3600 {
        two(secs / 3600, uh, m, um)
    } else if secs >= 60 {
        two(m, um, s, us)
    } else {
        format!("{s} {us}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skews_read_in_the_units_a_person_would_use() {
        use crate::lang::Lang;
        let en = |ms| skew_text(ms, Lang::En);
        assert_eq!(en(0), "0 s");
        assert_eq!(en(-400), "0 s");
        assert_eq!(en(-3_400), "−3 s");
        assert_eq!(en(299_600), "+5 min");
        assert_eq!(en(-1_500), "−2 s");
        assert_eq!(en(725_000), "+12 min 5 s");
        assert_eq!(en(600_000), "+10 min");
        assert_eq!(en(-7_260_000), "−2 h 1 min");
        assert_eq!(en(-30 * 3_600_000), "−30 h");
        // A timestamp in seconds read as milliseconds: days, not 26765 hours.
        assert_eq!(en(-(1115 * 86_400 + 5 * 3600) * 1000), "−1115 d 5 h");
        assert_eq!(skew_text(-1_216_000, Lang::Zh), "−20 分钟 16 秒");
        assert_eq!(skew_text(3 * 86_400_000, Lang::Zh), "+3 天");
    }

    #[test]
    fn beijing_is_utc_plus_eight() {
        // 2016-09-09 04:00:00 UTC
        assert_eq!(beijing(1_473_393_600_000), "2016-09-09 12:00:00");
        assert_eq!(beijing(0), "1970-01-01 08:00:00");
        assert_eq!(format_datetime(951_782_400_000, 0), "2000-02-29 00:00:00");
    }

    #[test]
    fn the_stack_form_is_the_string_form() {
        let mut buf = [0; 19];
        for ms in [
            0,
            1_473_393_600_000,
            951_782_400_000,
            253_402_300_799_000,
            -1,
            -62_167_219_200_000,
        ] {
            assert_eq!(
                datetime_into(ms, 8, &mut buf).map(str::to_string),
                Some(beijing(ms)).filter(|s| s.len() == 19)
            );
        }
        assert_eq!(datetime_into(-62_167_219_200_001, 0, &mut buf), None);
        assert_eq!(datetime_into(253_402_300_800_000, 0, &mut buf), None);
    }

    #[test]
    fn parse_inverts_format() {
        for ms in [0, 1_473_393_600_000, 1_764_000_000_000, 4_102_444_799_000] {
            assert_eq!(parse_datetime(&beijing(ms), 8), Some(ms));
        }
        assert_eq!(parse_datetime("2016-13-09 12:00:00", 8), None);
        assert_eq!(parse_datetime("1473393600000", 8), None);
    }
}
