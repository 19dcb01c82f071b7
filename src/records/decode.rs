//! The text of a CSV file in whatever encoding Excel or WPS saved it: UTF-8 with or without a
//! byte order mark, UTF-16 with one ("Unicode text"), or GBK/GB18030 as on a Chinese Windows.
//!
//! Detection goes in a safe order: a BOM decides; else a file that is valid UTF-8 is UTF-8
//! (valid UTF-8 is never decoded as GB18030: that would silently give mojibake); else GB18030,
//! a superset of GBK and GB2312. `--encoding` overrides the guess.

use std::borrow::Cow;

/// The encoding of CSV record files (`--encoding`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Encoding {
    /// BOM, else strict UTF-8, else GB18030.
    #[default]
    Auto,
    /// UTF-8 only (a BOM is dropped).
    Utf8,
    /// GB18030, which includes GBK and GB2312.
    Gb18030,
}

impl std::str::FromStr for Encoding {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "gbk" | "gb18030" | "gb2312" | "cp936" => Ok(Encoding::Gb18030),
            _ => Err(format!(
                "unknown encoding `{s}`; expected auto, utf-8, gbk or gb18030"
            )),
        }
    }
}

/// Why a file could not be decoded: the line of the first bad byte and a message.
pub(super) type DecodeError = (usize, String);

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

fn line_of(bytes: &[u8]) -> usize {
    bytes.iter().filter(|b| **b == b'\n').count() + 1
}

fn strict_utf8<'a>(bytes: &'a [u8], why: &str) -> Result<Cow<'a, str>, DecodeError> {
    std::str::from_utf8(bytes).map(Cow::Borrowed).map_err(|e| {
        (
            line_of(&bytes[..e.valid_up_to()]),
            format!(
                "file is not UTF-8 ({why}); save it as CSV UTF-8, or pass --encoding gbk if it \
                 was saved in GBK"
            ),
        )
    })
}

fn gb18030(bytes: &[u8], why: &str) -> Result<Cow<'static, str>, DecodeError> {
    let enc = encoding_rs::GB18030;
    if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
        return Ok(Cow::Owned(text.into_owned()));
    }
    let (lossy, _) = enc.decode_without_bom_handling(bytes);
    let bad = lossy.find('\u{FFFD}').unwrap_or(lossy.len());
    Err((line_of(lossy[..bad].as_bytes()), why.to_owned()))
}

/// Decodes the bytes of a CSV file.
pub(super) fn decode(bytes: &[u8], encoding: Encoding) -> Result<Cow<'_, str>, DecodeError> {
    match encoding {
        Encoding::Utf8 => strict_utf8(
            bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes),
            "--encoding utf-8",
        ),
        Encoding::Gb18030 => gb18030(
            bytes,
            "file is not GBK/GB18030 (--encoding gbk); save it as CSV UTF-8, or pass \
             --encoding utf-8",
        ),
        Encoding::Auto => {
            if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
                return strict_utf8(rest, "it starts with a UTF-8 byte order mark");
            }
            for (bom, enc) in [
                (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
                (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
            ] {
                if let Some(rest) = bytes.strip_prefix(bom) {
                    return enc
                        .decode_without_bom_handling_and_without_replacement(rest)
                        .map(|t| Cow::Owned(t.into_owned()))
                        .ok_or((
                            1,
                            "file is not valid UTF-16 after its byte order mark".into(),
                        ));
                }
            }
            let utf8_bad = match std::str::from_utf8(bytes) {
                Ok(text) => return Ok(Cow::Borrowed(text)),
                Err(e) => line_of(&bytes[..e.valid_up_to()]),
            };
            // Neither: the line named is where the reading that got further stops (a UTF-8
            // file with one line saved in GBK names that line, not the first Chinese one).
            gb18030(bytes, "").map_err(|(gbk_bad, _)| {
                let (line, as_what) = if utf8_bad >= gbk_bad {
                    (utf8_bad, "UTF-8")
                } else {
                    (gbk_bad, "GBK")
                };
                (
                    line,
                    format!(
                        "file is neither UTF-8 nor GBK/GB18030 (it reads as {as_what} up to \
                         this line); save it as CSV UTF-8, or pass --encoding utf-8 or gbk"
                    ),
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "学号,姓名\n" in GBK.
    const GBK: &[u8] = b"\xD1\xA7\xBA\xC5,\xD0\xD5\xC3\xFB\n";

    #[test]
    fn detection_order() {
        let text = "学号,姓名\n";
        assert_eq!(
            decode(text.as_bytes(), Encoding::Auto).unwrap_or_default(),
            text
        );
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(text.as_bytes());
        assert_eq!(decode(&bom, Encoding::Auto).unwrap_or_default(), text);
        assert_eq!(decode(GBK, Encoding::Auto).unwrap_or_default(), text);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(decode(&utf16, Encoding::Auto).unwrap_or_default(), text);
    }

    #[test]
    fn valid_utf8_is_never_read_as_gb18030() {
        // "é" in UTF-8 (C3 A9) is also two valid GB18030 bytes ("茅"): UTF-8 wins.
        assert_eq!(
            decode("café".as_bytes(), Encoding::Auto).unwrap_or_default(),
            "café"
        );
        // Forced, it is read as GB18030.
        assert_eq!(
            decode("café".as_bytes(), Encoding::Gb18030).unwrap_or_default(),
            "caf茅"
        );
    }

    #[test]
    fn neither_encoding_names_the_line_where_the_longer_reading_stops() {
        // UTF-8 on lines 2 and 3 (the full-width comma is not GBK: EF BC 8C leaves 8C before
        // a comma), one GBK line on line 4 (not UTF-8).
        let mut mixed = "a,b\n学号，1\n姓名，2\n".as_bytes().to_vec();
        mixed.extend_from_slice(GBK);
        let (line, message) = decode(&mixed, Encoding::Auto).expect_err("neither");
        assert_eq!(line, 4);
        assert!(
            message.contains("reads as UTF-8 up to this line"),
            "{message}"
        );
        // A GBK file with a byte neither reads further down: named by its GBK reading.
        let mut gbk_first = GBK.to_vec();
        gbk_first.extend_from_slice(GBK);
        gbk_first.extend_from_slice(b"\xFF\n");
        let (line, message) = decode(&gbk_first, Encoding::Auto).expect_err("neither");
        assert_eq!(line, 3);
        assert!(
            message.contains("reads as GBK up to this line"),
            "{message}"
        );
        assert!(message.contains("--encoding utf-8 or gbk"), "{message}");
        // Forced UTF-8 on a GBK file: the hint names the value to pass.
        let (line, message) = decode(GBK, Encoding::Utf8).expect_err("not UTF-8");
        assert_eq!(line, 1);
        assert!(message.contains("pass --encoding gbk"), "{message}");
    }

    #[test]
    fn undecodable_bytes_name_their_line() {
        let err = decode(b"a,b\n1,2\n\xFF\xFF\n", Encoding::Auto).expect_err("bad bytes");
        assert_eq!(err.0, 3);
        assert!(err.1.contains("neither UTF-8 nor GBK"), "{}", err.1);
        let err = decode(GBK, Encoding::Utf8).expect_err("gbk as utf-8");
        assert_eq!(err.0, 1);
        let mut bom = UTF8_BOM.to_vec();
        bom.extend_from_slice(b"a\n\xFF\n");
        let err = decode(&bom, Encoding::Auto).expect_err("bom then gbk");
        assert_eq!(err.0, 2);
    }

    #[test]
    fn encoding_names() {
        for (s, e) in [
            ("auto", Encoding::Auto),
            ("UTF-8", Encoding::Utf8),
            ("utf8", Encoding::Utf8),
            ("gbk", Encoding::Gb18030),
            ("GB18030", Encoding::Gb18030),
        ] {
            assert_eq!(s.parse::<Encoding>(), Ok(e), "{s}");
        }
        assert!("latin1".parse::<Encoding>().is_err());
    }
}
