//! `tools/xargo/target/release/xargo`, where seL4_tools' project.mk expects xargo: runs
//! `tools/rust/xargo` with the same arguments.

use std::env;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{exit, Command};

/// tools/rust/xargo, found from this program's own path (tools/xargo/target/release/xargo).
fn drop_in() -> Option<PathBuf> {
    let exe = env::current_exe().ok()?;
    let tools = exe.parent()?.parent()?.parent()?.parent()?;
    Some(tools.join("rust").join("xargo"))
}

fn main() {
    let Some(script) = drop_in() else {
        eprintln!("xargo: cannot tell where this program is — run tools/rust/xargo instead");
        exit(2);
    };
    let err = Command::new(&script).args(env::args_os().skip(1)).exec();
    eprintln!(
        "xargo: cannot run {}: {err} — it comes with tools/rust/ (ostoo doctor --fix adds it)",
        script.display()
    );
    exit(2);
}
