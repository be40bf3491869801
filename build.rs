//! Embeds every shipped exercise (`exercises/*.ron`) in the binary, so `crossings` runs
//! from any directory. Translation sidecars (`<id>.<lang>.ron`) are not exercises.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=exercises");
    let dir = Path::new("exercises");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".ron") && name.matches('.').count() == 1)
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut code = String::from(
        "/// (file name, source) of every shipped exercise, sorted by file name.\npub static SHIPPED: &[(&str, &str)] = &[\n",
    );
    for name in &files {
        println!("cargo:rerun-if-changed=exercises/{name}");
        let _ = writeln!(
            code,
            "    ({name:?}, include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/exercises/{name}\"))),"
        );
    }
    code.push_str("];\n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    std::fs::write(Path::new(&out).join("shipped.rs"), code).expect("OUT_DIR is writable");
}
