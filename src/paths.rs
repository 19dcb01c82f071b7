//! How paths are shown in messages.

use std::path::Path;

/// `path` as every message shows it: its parts joined with `/` on every system, so that a
/// message reads the same on Windows (`policies/class-hand-in-hand/plan.ron`, `Z:/学校/policy`,
/// never a mix of `\` and `/`), and tests and snapshots compare equal there. Windows takes `/`
/// in paths as well, so a path copied from a message still works. On other systems the path
/// is shown as it is (a `\` there is part of a file name).
pub fn shown(path: &Path) -> String {
    let text = path.display().to_string();
    if std::path::MAIN_SEPARATOR == '\\' {
        text.replace('\\', "/")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::shown;
    use std::path::Path;

    #[test]
    fn a_path_is_shown_with_forward_slashes() {
        let path = Path::new("policies")
            .join("class-hand-in-hand")
            .join("plan.ron");
        assert_eq!(shown(&path), "policies/class-hand-in-hand/plan.ron");
        assert_eq!(shown(Path::new("学校 记录/2025")), "学校 记录/2025");
        #[cfg(windows)]
        assert_eq!(
            shown(Path::new(r"Z:\tmp\新学校/policy")),
            "Z:/tmp/新学校/policy"
        );
        #[cfg(not(windows))]
        assert_eq!(shown(Path::new(r"a\b")), r"a\b");
    }
}
