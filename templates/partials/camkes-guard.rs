
/// The source text with comments and preprocessor lines blanked (newlines kept), as
/// generator-ostoo reads it.
fn mask(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let blank = |from: usize, to: usize, out: &mut Vec<u8>| {
        for c in &mut out[from..to] {
            if *c != b'\n' {
                *c = b' ';
            }
        }
    };
    let line_end =
        |from: usize| b[from..].iter().position(|c| *c == b'\n').map_or(b.len(), |n| from + n);
    let mut i = 0;
    while i < b.len() {
        let at_line_start = i == 0 || b[i - 1] == b'\n';
        if b[i..].starts_with(b"/*") {
            if let Some(n) = text[i + 2..].find("*/") {
                blank(i, i + 2 + n + 2, &mut out);
                i += 2 + n + 2;
                continue;
            }
        }
        if b[i..].starts_with(b"//") {
            let end = line_end(i);
            blank(i, end, &mut out);
            i = end;
            continue;
        }
        if at_line_start {
            let spaces = b[i..].iter().take_while(|c| **c == b' ' || **c == b'\t').count();
            if b.get(i + spaces) == Some(&b'#') {
                let end = line_end(i);
                blank(i, end, &mut out);
                i = end;
                continue;
            }
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Tokens as generator-ostoo splits them: (start, end, text).
fn tokens(masked: &str) -> Vec<(usize, usize, &str)> {
    let b = masked.as_bytes();
    let mut out: Vec<(usize, usize, &str)> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        } else if c.is_ascii_alphabetic() || c == b'_' {
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
        } else if c == b'"' {
            match masked[i + 1..].find('"') {
                Some(n) => i += n + 2,
                None => i += 1,
            }
        } else if c == b'<' && out.last().is_some_and(|t| t.2 == "include" || t.2 == "import") {
            match masked[i..].find('>') {
                Some(n) => i += n + 1,
                None => i += 1,
            }
        } else {
            i += masked[i..].chars().next().map_or(1, char::len_utf8);
        }
        out.push((start, i, &masked[start..i]));
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of `keyword name { ... }` in a file, comments removed and whitespace collapsed.
fn declaration(text: &str, keyword: &str, name: &str) -> Option<String> {
    let masked = mask(text);
    let toks = tokens(&masked);
    for k in 0..toks.len() {
        if toks[k].2 == keyword
            && toks.get(k + 1).map(|t| t.2) == Some(name)
            && toks.get(k + 2).map(|t| t.2) == Some("{")
        {
            let mut depth = 0;
            for t in &toks[k + 2..] {
                match t.2 {
                    "{" => depth += 1,
                    "}" => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(collapse(&masked[toks[k].0..t.1]));
                        }
                    }
                    _ => {}
                }
            }
            return Some(collapse(&masked[toks[k].0..]));
        }
    }
    None
}

fn main() {
    let dir = std::path::PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let mut stale = Vec::new();
    for (file, keyword, name, want) in SOURCES {
        let path = dir.join(file);
        println!("cargo:rerun-if-changed={}", path.display());
        let got = match std::fs::read_to_string(&path) {
            Err(e) => Some(format!("cannot be read ({e})")),
            Ok(text) if keyword.is_empty() => {
                (collapse(&mask(&text)) != *want).then(|| "changed".to_string())
            }
            Ok(text) => match declaration(&text, keyword, name) {
                None => Some(format!("no longer defines {keyword} {name}")),
                Some(got) => (got != *want).then(|| format!("changed its {keyword} {name}")),
            },
        };
        if let Some(why) = got {
            stale.push(format!("{file} {why}"));
        }
    }
    if !stale.is_empty() {
        eprintln!(
            "error: the CAmkES bindings of {COMPONENT} (src/camkes.rs) are stale: {}",
            stale.join("; ")
        );
        eprintln!("error: regenerate them with: {REFRESH}");
        std::process::exit(1);
    }
}
